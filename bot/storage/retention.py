"""Forgetting people after the retention period (``LIFELINE_RETENTION_DAYS``, 90 by default)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Dict, List, Set, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.storage.erasure import erase_person
from bot.storage.models import Conversation
from bot.storage.schema import load_models


def purge(session: Session, days: int) -> Dict[str, int]:
    """Erases everything of each person whose conversation and other records are all older than ``days``."""
    load_models()
    from bot.cases.models import Case
    from bot.telegram.models import TelegramPerson

    cutoff = utcnow() - timedelta(days=days)
    # A person's latest sign of life: their conversation with the bot, their Telegram state, or a message in a live
    # takeover (which reaches neither of the other two).
    dated = ((Conversation, Conversation.updated_at), (TelegramPerson, TelegramPerson.updated_at),
             (Case, Case.last_message_at))
    stale: Set[str] = set()
    recent: Set[str] = set()
    for model, moment in dated:
        stale |= set(session.execute(select(model.sender_key).where(moment < cutoff)).scalars())
        recent |= set(session.execute(select(model.sender_key).where(moment >= cutoff)).scalars())
    removed: Dict[str, int] = {"people": 0}
    for sender in sorted(stale - recent):
        for table, count in erase_person(session, sender).items():
            removed[table] = removed.get(table, 0) + count
        removed["people"] += 1
    return removed


def encrypted_columns() -> List[Tuple[Any, str]]:
    """Every (model, column) holding an encrypted value."""
    from bot.cases.models import CaseNote, LiveMessage
    from bot.staff.models import StaffUser
    from bot.telegram.models import SharedMedia, TelegramPerson

    return [(Conversation, "events"), (LiveMessage, "text"), (CaseNote, "text"), (TelegramPerson, "chat_id"),
            (SharedMedia, "file_id"), (StaffUser, "totp_secret")]


def rotate_keys(session: Session) -> int:
    """Re-encrypts every encrypted value under the newest data key; returns how many."""
    from bot.storage.crypto import reencrypt

    load_models()
    count = 0
    for model, column in encrypted_columns():
        for row in session.execute(select(model).where(getattr(model, column).isnot(None))).scalars():
            setattr(row, column, reencrypt(getattr(row, column)))
            count += 1
    return count
