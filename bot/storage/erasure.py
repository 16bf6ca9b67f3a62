"""Erasing everything the project holds about one person.

Every table with a ``sender_key`` column holds something about one person, and loses their rows. A feature that
must act before those rows go registers a hook (:func:`before_erasure`; the Telegram connector deletes the chat's
messages while their ids are still there). Each process that erases has loaded every feature's tables and hooks
first (``bot/tables.py``).
"""

from __future__ import annotations

from typing import Callable, Dict, List

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.storage.base import Base

PERSON_COLUMN = "sender_key"
FIRST = "conversations"  # deleted first: the row the tracker store locks before it saves (see tracker_store.py)

Hook = Callable[[Session, str], None]
_before: List[Hook] = []


def before_erasure(hook: Hook) -> Hook:
    """Registers ``hook(session, sender_key)`` to run before each erasure (usable as a decorator)."""
    _before.append(hook)
    return hook


def erase_person(session: Session, sender_key: str) -> Dict[str, int]:
    """Runs the hooks, then deletes the person's rows from every table that has a ``sender_key`` column; returns
    the count per table."""
    for hook in _before:
        hook(session, sender_key)
    removed: Dict[str, int] = {}
    tables = sorted(Base.metadata.sorted_tables, key=lambda table: table.name != FIRST)
    for table in tables:
        if PERSON_COLUMN in table.c:
            result = session.execute(delete(table).where(table.c[PERSON_COLUMN] == sender_key))
            removed[table.name] = result.rowcount or 0
    return removed
