"""The answer to a message below the intent thresholds, and Rasa's answer when no rule or story fits: the emergency
numbers when the message shows distress, else a menu.

Whatever follows is fixed here, not left to the policies that just failed to predict anything (they would choose
this action again, up to Rasa's limit of ten, and the conversation would hang): the active form asks its question
again, or Lifeline waits for the person's next message."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
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
        return [FollowupAction(tracker.active_loop_name or "action_listen")]
