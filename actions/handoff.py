"""Asking for a person from the hotline team."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot.handoff import request_handoff
from bot.storage.database import session_scope

logger = logging.getLogger(__name__)


class ActionRequestHuman(Action):
    def name(self) -> Text:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        try:
            with session_scope() as session:
                request_handoff(
                    session,
                    tracker.sender_id,
                    tracker.get_slot("language"),
                    tracker.get_slot("nationality"),
                    tracker.get_slot("country"),
                    tracker.get_slot("city"),
                )
        except SQLAlchemyError:
            logger.exception("Could not record a request for a person.")
            dispatcher.utter_message(response="utter_safety_fallback")
            return []
        dispatcher.utter_message(response="utter_human_requested")
        return []
