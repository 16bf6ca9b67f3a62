"""Forgetting people after the retention period (``LIFELINE_RETENTION_DAYS``, 90 by default), and re-encrypting
every stored value under the newest key. Both act on the columns each feature marks (``bot/storage/base.py``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Dict, Set

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.storage.base import ENCRYPTED, SIGN_OF_LIFE, marked
from bot.storage.crypto import reencrypt
from bot.storage.erasure import PERSON_COLUMN, erase_person


def purge(session: Session, days: int) -> Dict[str, int]:
    """Erases everything of each person whose every sign of life (their conversation with the bot, their Telegram
    chat, their case's latest message, which a live takeover moves too) is older than ``days``."""
    cutoff = utcnow() - timedelta(days=days)
    stale: Set[str] = set()
    recent: Set[str] = set()
    for table, moment in marked(SIGN_OF_LIFE):
        person = table.c[PERSON_COLUMN]
        stale |= set(session.execute(select(person).where(moment < cutoff)).scalars())
        recent |= set(session.execute(select(person).where(moment >= cutoff)).scalars())
    removed: Dict[str, int] = {"people": 0}
    for sender in sorted(stale - recent):
        for table_name, count in erase_person(session, sender).items():
            removed[table_name] = removed.get(table_name, 0) + count
        removed["people"] += 1
    return removed


def rotate_keys(session: Session) -> int:
    """Re-encrypts every encrypted value under the newest data key; returns how many."""
    count = 0
    for table, column in marked(ENCRYPTED):
        key = list(table.primary_key.columns)
        for row in session.execute(select(*key, column).where(column.isnot(None))).all():
            session.execute(update(table).where(and_(*(part == value for part, value in zip(key, row))))
                            .values({column.name: reencrypt(row[-1])}))
            count += 1
    return count
