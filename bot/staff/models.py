"""Staff accounts, their sign-in sessions, and the append-only audit log."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text

from bot.clock import utcnow
from bot.storage.base import ENCRYPTED, Base

ROLES = ("admin", "staff", "translator")


class StaffUser(Base):
    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True, autoincrement=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(Text, nullable=False)
    role = Column(String(16), nullable=False)
    totp_secret = Column(Text, info=ENCRYPTED)  # None when two-factor sign-in is off
    totp_last_step = Column(Integer)  # the time step of the last code accepted: no code is accepted twice
    totp_pending = Column(Text, info=ENCRYPTED)  # a new secret shown for enrolment, not yet confirmed with a code
    language = Column(String(8), nullable=False, default="en")
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class StaffSession(Base):
    """A signed-in browser: the cookie holds a random token, the table only its hash."""

    __tablename__ = "staff_sessions"

    token_hash = Column(String(64), primary_key=True)
    user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_seen_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class AuditEntry(Base):
    """Who did what, when. Rows are only ever added: the database refuses updates and deletes (a trigger made by
    the migration that creates the table)."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    actor = Column(String(64))  # the username (kept as text: accounts may be removed, the log may not)
    action = Column(String(32), nullable=False)
    target = Column(String(64))  # a case's public id, or a username
    detail = Column(Text)
