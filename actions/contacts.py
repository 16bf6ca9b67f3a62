"""Giving the person the contacts that fit their nationality, place and need."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.database import with_database
from bot.directory.lookup import Need, find_contacts
from bot.directory.present import contact_values
from bot.places import country_of


class ActionFindContacts(Action):
    def name(self) -> Text:
        return "action_find_contacts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        nationality = tracker.get_slot("nationality")
        city = tracker.get_slot("city")
        country = tracker.get_slot("country") or country_of(city)
        need = Need(tracker.get_slot("need") or Need.EMBASSY.value)
        contacts = with_database(dispatcher, "the contact lookup",
                                 lambda session: find_contacts(session, need, nationality, country, city))
        if contacts is None:
            return []
        if not contacts:
            dispatcher.utter_message(response="utter_no_contacts")
        else:
            dispatcher.utter_message(response="utter_contacts_intro")
            for contact in contacts:
                dispatcher.utter_message(response="utter_contact", **contact_values(contact))
        return [SlotSet("country", country)] if country != tracker.get_slot("country") else []
