"""Database work for the actions: when the database is out of reach, the person gets the safety numbers."""

from __future__ import annotations

import logging
from typing import Callable, Optional, TypeVar

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.directory.safety import SAFETY_RESPONSE
from bot.storage.database import session_scope

logger = logging.getLogger(__name__)
T = TypeVar("T")


def with_database(dispatcher: CollectingDispatcher, what: str, work: Callable[[Session], T]) -> Optional[T]:
    """``work``'s result in a committed session; None (after the safety numbers and a log) if it failed."""
    try:
        with session_scope() as session:
            return work(session)
    except SQLAlchemyError:
        logger.exception("The database is out of reach: %s failed.", what)
        dispatcher.utter_message(response=SAFETY_RESPONSE)
        return None
