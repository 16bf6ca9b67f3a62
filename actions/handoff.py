"""Asking for a person from the hotline team."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.database import with_database
from bot.handoff import request_handoff


class ActionRequestHuman(Action):
    def name(self) -> Text:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        slots = [tracker.get_slot(name) for name in ("language", "nationality", "country", "city")]
        recorded = with_database(dispatcher, "recording a request for a person",
                                 lambda session: request_handoff(session, tracker.sender_id, *slots))
        if recorded is not None:
            dispatcher.utter_message(response="utter_human_requested")
        return []
