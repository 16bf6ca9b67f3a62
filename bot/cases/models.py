"""Tables of the hotline's casework: one case per person, notes, and the messages of a live takeover.

Every row that is about one person carries their ``sender_key`` (the pseudonym), so erasure finds it; what people
and staff wrote is stored encrypted (``bot/storage/crypto.py``). A case is shown to staff under ``public_id``, a
random name that says nothing about the person and cannot be guessed from another case's.
"""

from __future__ import annotations

import secrets

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Text

from bot.clock import utcnow
from bot.staff.models import StaffUser
from bot.storage.base import ENCRYPTED, SIGN_OF_LIFE, Base

STATUSES = ("new", "in_progress", "referred", "closed")


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


class Case(Base):
    """What the queue shows of one person's conversation (kept up to date as the conversation goes on)."""

    __tablename__ = "cases"

    id = Column(Integer, primary_key=True, autoincrement=True)
    public_id = Column(String(32), nullable=False, unique=True, default=new_public_id)
    sender_key = Column(String(128), nullable=False, unique=True)
    channel = Column(String(16))
    language = Column(String(8), index=True)
    written_in = Column(String(8))  # a language the person writes in that Lifeline does not speak (e.g. ko)
    nationality = Column(String(2), index=True)
    country = Column(String(2), index=True)
    city = Column(String(64))
    urgency = Column(Integer, nullable=False, default=0)
    reason = Column(String(32))  # the most urgent intent seen
    last_intent = Column(String(32))
    status = Column(String(16), nullable=False, default="new", index=True)
    assignee_id = Column(Integer, ForeignKey(StaffUser.id, ondelete="SET NULL"), index=True)
    taken_over_by = Column(Integer, ForeignKey(StaffUser.id, ondelete="SET NULL"))
    waiting_since = Column(DateTime(timezone=True))  # the person's oldest message no human has answered yet
    last_message_at = Column(DateTime(timezone=True), info=SIGN_OF_LIFE)  # live takeover messages too
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    alerted_at = Column(DateTime(timezone=True))

    __table_args__ = (Index("ix_cases_queue", "urgency", "waiting_since", "id"),)


class CaseNote(Base):
    __tablename__ = "case_notes"

    id = Column(Integer, primary_key=True, autoincrement=True)
    case_id = Column(Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True)
    sender_key = Column(String(128), nullable=False, index=True)
    author_id = Column(Integer, ForeignKey(StaffUser.id, ondelete="SET NULL"))
    text = Column(Text, nullable=False, info=ENCRYPTED)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class LiveMessage(Base):
    """A message of a live takeover: from the person (``in``) or from staff (``out``, sent by the Telegram
    connector in id order; ``delivered_at`` is set once Telegram has it)."""

    __tablename__ = "live_messages"

    id = Column(Integer, primary_key=True, autoincrement=True)
    sender_key = Column(String(128), nullable=False, index=True)
    direction = Column(String(3), nullable=False)
    text = Column(Text, nullable=False, info=ENCRYPTED)
    author_id = Column(Integer, ForeignKey(StaffUser.id, ondelete="SET NULL"))
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    delivered_at = Column(DateTime(timezone=True))
    failed = Column(Integer, nullable=False, default=0)

    __table_args__ = (Index("ix_live_messages_outbox", "direction", "delivered_at", "id"),)


class StaffAlert(Base):
    """A one-line alert for the staff group: a case's public id and why it is urgent, nothing personal."""

    __tablename__ = "staff_alerts"

    id = Column(Integer, primary_key=True, autoincrement=True)
    case_public_id = Column(String(32), nullable=False)
    reason = Column(String(32), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    sent_at = Column(DateTime(timezone=True), index=True)
