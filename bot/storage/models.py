"""The table that holds what people wrote: conversations (Rasa's tracker).

Every table that holds anything about one person has a ``sender_key`` column (the pseudonymous conversation id),
which is how erasure finds it.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, String, Text

from bot.clock import utcnow
from bot.storage.base import ENCRYPTED, SIGN_OF_LIFE, Base


class Conversation(Base):
    """One person's conversation as Rasa's tracker events (a JSON list)."""

    __tablename__ = "conversations"

    sender_key = Column(String(128), primary_key=True)
    events = Column(Text, nullable=False, info=ENCRYPTED)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True, info=SIGN_OF_LIFE)
