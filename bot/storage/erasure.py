"""Erasing everything the project holds about one person."""

from __future__ import annotations

from typing import Dict

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.config import settings
from bot.storage.base import Base
from bot.storage.schema import load_models

PERSON_COLUMN = "sender_key"
FIRST = "conversations"  # deleted first: the row the tracker store locks before it saves (see tracker_store.py)


def erase_person(session: Session, sender_key: str) -> Dict[str, int]:
    """Deletes the messages Telegram still allows from the person's chat, then the person's rows from every table
    that has a ``sender_key`` column; returns the count per table."""
    load_models()
    from bot.telegram.deletion import delete_chat

    delete_chat(session, sender_key, settings())
    removed: Dict[str, int] = {}
    tables = sorted(Base.metadata.sorted_tables, key=lambda table: table.name != FIRST)
    for table in tables:
        if PERSON_COLUMN in table.c:
            result = session.execute(delete(table).where(table.c[PERSON_COLUMN] == sender_key))
            removed[table.name] = result.rowcount or 0
    return removed
