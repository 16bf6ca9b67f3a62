"""Reading the answers to "which country are you from?" and "where are you now?"."""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.directory.mission_words import nationality_of_mission
from bot.directory.safety import safety_numbers
from bot.places import COUNTRY, NATIONALITY, CITY, country_of

# Intents under which an unrecognised answer is taken as a failed answer (asked again) rather than a change of
# subject (handled by the rules, for example an emergency in the middle of the form).
ANSWER_INTENTS = {"inform_nationality", "inform_location", "nlu_fallback", "affirm"}
HOTLINE_REQUEST = "request_hotline"


def _entity(tracker: Tracker, entity: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(entity), None)


def _slot_before_this_message(tracker: Tracker, slot: str) -> Optional[Any]:
    """The slot's value before the latest user message filled anything."""
    seen_user_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user_message = True
        elif seen_user_message and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def _unrecognised(tracker: Tracker, dispatcher: CollectingDispatcher, slot: Text) -> Dict[Text, Any]:
    if (tracker.latest_message.get("intent") or {}).get("name") in ANSWER_INTENTS:
        dispatcher.utter_message(response="utter_place_not_recognised")
        return {slot: None}
    return {}


def _ministry_line_first(tracker: Tracker, dispatcher: CollectingDispatcher, nationality: str,
                         place_known: bool) -> None:
    """Someone asking for their embassy gets their own ministry's line as soon as their nationality is known, before
    the question where they are."""
    if tracker.get_slot("need") == "embassy" and not place_known and safety_numbers(None, nationality).hotline:
        dispatcher.utter_message(response="utter_home_line", nationality=nationality)


def _local_numbers_first(tracker: Tracker, dispatcher: CollectingDispatcher) -> None:
    """Someone asking for the police or a hotline gets the emergency numbers at once when the place is known (that
    place's) or the message shows distress (the region's); their nationality, needed only for their own ministry
    and mission, is asked after."""
    message = tracker.latest_message or {}
    if (message.get("intent") or {}).get("name") != HOTLINE_REQUEST:
        return
    place_known = tracker.get_slot(COUNTRY) or tracker.get_slot(CITY)
    if place_known or (message.get("distress") or {}).get("shown"):
        dispatcher.utter_message(response="utter_emergency_numbers")


def _numbers_with_an_answer(tracker: Tracker, dispatcher: CollectingDispatcher, answer: Dict[Text, Any]) -> None:
    """An answer to the form's question that shows distress ("Vietnam, please help us") gets the emergency numbers
    of the place the answer leaves known, before the next question. An answer naming no nationality or place is not
    taken by the form, and the rules answer the distress instead (the emergency numbers, or help first)."""
    message = tracker.latest_message or {}
    if (message.get("distress") or {}).get("shown") and any(
            _entity(tracker, entity) for entity in (NATIONALITY, COUNTRY, CITY)):
        place = {name: answer[name] if name in answer else tracker.get_slot(name)
                 for name in (NATIONALITY, COUNTRY, CITY)}
        dispatcher.utter_message(response="utter_emergency_numbers", **place)


def _on_activation(tracker: Tracker, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    """The numbers a request for the police or a hotline needs at once; the request may already name the
    nationality, as a slot or by the missions' own word ("nomor KBRI")."""
    _local_numbers_first(tracker, dispatcher)
    known = tracker.get_slot(NATIONALITY)
    nationality = known or nationality_of_mission(tracker.latest_message.get("text"))
    if not nationality:
        return {}
    _ministry_line_first(tracker, dispatcher, nationality, bool(tracker.get_slot(COUNTRY) or tracker.get_slot(CITY)))
    return {} if known else {NATIONALITY: nationality}


class ValidateLocationForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_location_form"

    async def extract_nationality(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        requested = tracker.get_slot("requested_slot")
        if requested is None:
            return _on_activation(tracker, dispatcher)
        # The numbers, if the answer needs them, come before what the answer itself brings (the ministry line).
        brought = CollectingDispatcher()
        answer = self._nationality_answer(brought, tracker) if requested == NATIONALITY else {}
        _numbers_with_an_answer(tracker, dispatcher, answer)
        dispatcher.messages.extend(brought.messages)
        return answer

    @staticmethod
    def _nationality_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[Text, Any]:
        value = _entity(tracker, NATIONALITY) or _entity(tracker, COUNTRY)
        if value:
            # An answer such as "Vietnam" names where the person is from, not where they are.
            named_home = _entity(tracker, COUNTRY) == value
            here = _slot_before_this_message(tracker, COUNTRY) if named_home else tracker.get_slot(COUNTRY)
            _ministry_line_first(tracker, dispatcher, value, bool(here or tracker.get_slot(CITY)))
            restored = named_home and here != tracker.get_slot(COUNTRY)
            return {NATIONALITY: value, **({COUNTRY: here} if restored else {})}
        if _entity(tracker, CITY) or _entity(tracker, COUNTRY):
            return {}
        return _unrecognised(tracker, dispatcher, NATIONALITY)

    async def extract_country(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        requested = tracker.get_slot("requested_slot")
        city = _entity(tracker, CITY) or tracker.get_slot(CITY)
        if requested != COUNTRY:
            return {COUNTRY: country_of(city)} if city and not tracker.get_slot(COUNTRY) else {}
        value = _entity(tracker, COUNTRY) or country_of(_entity(tracker, CITY))
        if value:
            return {COUNTRY: value}
        return _unrecognised(tracker, dispatcher, COUNTRY)
