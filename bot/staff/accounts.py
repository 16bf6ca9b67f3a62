"""Staff accounts: creating them, checking a sign-in, and two-factor sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.staff import passwords, totp
from bot.staff.models import ROLES, StaffUser
from bot.storage.crypto import decrypt, encrypt


class AccountError(ValueError):
    """An account that cannot be created as asked."""


@dataclass(frozen=True)
class SignIn:
    user: Optional[StaffUser]
    needs_code: bool = False


def create_account(session: Session, username: str, password: str, role: str, language: str = "en") -> StaffUser:
    username = username.strip()
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if not username or len(username) > 64:
        raise AccountError("a username of 1 to 64 characters is needed")
    if len(password) < passwords.MIN_LENGTH:
        raise AccountError(f"the password needs at least {passwords.MIN_LENGTH} characters")
    if find_account(session, username) is not None:
        raise AccountError(f"{username} exists already")
    user = StaffUser(username=username, password_hash=passwords.hash_password(password), role=role,
                     language=language)
    session.add(user)
    session.flush()
    return user


def find_account(session: Session, username: str) -> Optional[StaffUser]:
    return session.execute(
        select(StaffUser).where(func.lower(StaffUser.username) == username.strip().lower())
    ).scalar_one_or_none()


def check_sign_in(session: Session, username: str, password: str, code: str = "") -> SignIn:
    """The account when the password (and, if two-factor sign-in is on, the code) is right."""
    user = find_account(session, username)
    if user is None or not user.active:
        passwords.dummy_verify(password)
        return SignIn(None)
    if not passwords.verify_password(password, user.password_hash):
        return SignIn(None)
    if user.totp_secret and not totp.verify(decrypt(user.totp_secret), code):
        return SignIn(None, needs_code=True)
    return SignIn(user)


def enable_two_factor(user: StaffUser) -> str:
    """Turns two-factor sign-in on; returns the secret for the authenticator app."""
    secret = totp.new_secret()
    user.totp_secret = encrypt(secret)
    return secret
