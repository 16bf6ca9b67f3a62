"""The Rasa server's tracker store: the conversation stored by :mod:`bot.storage.tracker_store`, and the person's
case (what the staff queue shows) brought up to date in the same transaction.

Configured in ``endpoints.yml`` (``tracker_store: type: bot.cases.tracker_store.CaseTrackerStore``).
"""

from __future__ import annotations

from typing import List

from rasa.shared.core.events import Event
from sqlalchemy.orm import Session

from bot.cases.record import summarise, update_case
from bot.config import settings
from bot.storage.tracker_store import LifelineTrackerStore


class CaseTrackerStore(LifelineTrackerStore):
    def saved(self, session: Session, sender_key: str, events: List[Event]) -> None:
        update_case(session, sender_key, summarise(events), alerts=settings().telegram_staff_chat_id is not None)
