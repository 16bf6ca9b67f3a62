"""Erasing the person's conversation and everything the project holds about them."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, Restarted
from rasa_sdk.executor import CollectingDispatcher

import bot.tables  # noqa: F401 - every table and erasure hook, for the erasure
from actions.database import with_database
from bot.storage.erasure import erase_person

logger = logging.getLogger(__name__)


class ActionDeleteData(Action):
    """Deletes the person's rows from every table; the ``Restarted`` event makes the tracker store drop the
    conversation's past when Rasa saves it."""

    def name(self) -> Text:
        return "action_delete_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        removed = with_database(dispatcher, "erasing a person's data",
                                lambda session: erase_person(session, tracker.sender_id))
        if removed is None:
            return []
        logger.info("Erased a conversation: %s", {table: n for table, n in removed.items() if n})
        dispatcher.utter_message(response="utter_data_deleted")
        return [Restarted()]
