"""The table that holds what people wrote: conversations (Rasa's tracker).

Every table that holds anything about one person has a ``sender_key`` column (the pseudonymous conversation id),
which is how erasure finds it.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, String, Text

from bot.storage.database import Base


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """A stored time with its zone: SQLite gives datetimes back without one, and they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class Conversation(Base):
    """One person's conversation as Rasa's tracker events (a JSON list)."""

    __tablename__ = "conversations"

    sender_key = Column(String(128), primary_key=True)
    events = Column(Text, nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
