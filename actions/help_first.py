"""The answer to a message below the intent thresholds: the emergency numbers when it shows distress."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.help_first_reply import help_first_responses


class ActionHelpFirst(Action):
    def name(self) -> Text:
        return "action_help_first"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        for response in help_first_responses(tracker.latest_message or {}):
            dispatcher.utter_message(response=response)
        return []
