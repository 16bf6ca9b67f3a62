"""What keeps the console safe: sessions in HttpOnly SameSite cookies, CSRF tokens on every form, and strict
response headers (sign-in throttling is in :mod:`bot.console.throttle`)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Optional, Tuple

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.clock import as_utc, utcnow
from bot.staff.models import StaffSession, StaffUser

SESSION_COOKIE = "lifeline_session"
SIGN_IN_COOKIE = "lifeline_signin"  # the CSRF token of the sign-in form, before there is a session
IDLE_LIMIT = timedelta(hours=8)
SESSION_LIMIT = timedelta(hours=24)
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def open_session(session: Session, user: StaffUser) -> Tuple[str, StaffSession]:
    """A new signed-in session; returns the cookie's token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    row = StaffSession(token_hash=token_hash(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32))
    session.add(row)
    return token, row


def find_session(session: Session, token: Optional[str]) -> Optional[Tuple[StaffSession, StaffUser]]:
    if not token:
        return None
    found = session.execute(
        select(StaffSession, StaffUser).join(StaffUser, StaffUser.id == StaffSession.user_id)
        .where(StaffSession.token_hash == token_hash(token))
    ).first()
    if found is None:
        return None
    row, user = found
    now = utcnow()
    if not user.active or now - as_utc(row.last_seen_at) > IDLE_LIMIT or now - as_utc(row.created_at) > SESSION_LIMIT:
        session.delete(row)
        return None
    row.last_seen_at = now
    return row, user


def close_session(session: Session, token: Optional[str]) -> None:
    if token:
        session.execute(delete(StaffSession).where(StaffSession.token_hash == token_hash(token)))


def same_token(expected: Optional[str], given: Optional[str]) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
