"""Erasing everything the project holds about one person."""

from __future__ import annotations

from typing import Dict

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.storage.database import Base
from bot.storage.schema import load_models

PERSON_COLUMN = "sender_key"


def erase_person(session: Session, sender_key: str) -> Dict[str, int]:
    """Deletes the person's rows from every table that has a ``sender_key`` column; returns the count per table."""
    load_models()
    removed: Dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        if PERSON_COLUMN in table.c:
            result = session.execute(delete(table).where(table.c[PERSON_COLUMN] == sender_key))
            removed[table.name] = result.rowcount or 0
    return removed
