"""Staff accounts: creating them, checking a sign-in, and two-factor sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.staff import passwords, totp
from bot.staff.models import ROLES, StaffSession, StaffUser
from bot.storage.crypto import decrypt, encrypt


# What admins can do to an account (console and ``lifeline staff``), and the audit log's name for each.
ACCOUNT_ACTIONS = {"disable": "account_disabled", "enable": "account_enabled", "reset-password": "password_reset",
                   "reset-2fa": "two_factor_reset", "end-sessions": "sessions_ended"}


class AccountError(ValueError):
    """An account that cannot be created as asked."""


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: the account when everything was right; ``account`` names the account that was
    tried when it exists (for the audit log), whatever went wrong."""

    user: Optional[StaffUser]
    account: Optional[str] = None


def create_account(session: Session, username: str, password: str, role: str, language: str = "en") -> StaffUser:
    username = username.strip()
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if not username or len(username) > 64:
        raise AccountError("a username of 1 to 64 characters is needed")
    _check_password(password)
    if find_account(session, username) is not None:
        raise AccountError(f"{username} exists already")
    user = StaffUser(username=username, password_hash=passwords.hash_password(password), role=role,
                     language=language)
    session.add(user)
    session.flush()
    return user


def _check_password(password: str) -> None:
    if len(password) < passwords.MIN_LENGTH:
        raise AccountError(f"the password needs at least {passwords.MIN_LENGTH} characters")


def find_account(session: Session, username: str) -> Optional[StaffUser]:
    return session.execute(
        select(StaffUser).where(func.lower(StaffUser.username) == username.strip().lower())
    ).scalar_one_or_none()


def check_sign_in(session: Session, username: str, password: str, code: str = "") -> SignIn:
    """The account when the password (and, if two-factor sign-in is on, a code not used before) is right.

    Every failure costs one password hash, whatever failed, so the time taken does not tell which."""
    user = find_account(session, username)
    if user is None or not user.active:
        passwords.dummy_verify(password)
        return SignIn(None, user.username if user else None)
    if not passwords.verify_password(password, user.password_hash):
        return SignIn(None, user.username)
    if user.totp_secret:
        step = totp.matching_step(decrypt(user.totp_secret), code, after=user.totp_last_step)
        if step is None:
            return SignIn(None, user.username)
        user.totp_last_step = step
    return SignIn(user, user.username)


def begin_two_factor(user: StaffUser) -> str:
    """A new secret for the authenticator app, kept aside until :func:`confirm_two_factor` sees a code from it."""
    secret = totp.new_secret()
    user.totp_pending = encrypt(secret)
    return secret


def pending_secret(user: StaffUser) -> Optional[str]:
    return decrypt(user.totp_pending) if user.totp_pending else None


def confirm_two_factor(user: StaffUser, password: str, code: str) -> bool:
    """Turns two-factor sign-in on when ``password`` is the account's and ``code`` comes from the new secret."""
    secret = pending_secret(user)
    right_password = passwords.verify_password(password, user.password_hash)
    step = totp.matching_step(secret, code) if secret else None
    if not right_password or step is None:
        return False
    user.totp_secret, user.totp_pending, user.totp_last_step = user.totp_pending, None, step
    return True


def end_sessions(session: Session, user: StaffUser) -> int:
    """Signs the account out of every browser; returns how many sessions there were."""
    return session.execute(delete(StaffSession).where(StaffSession.user_id == user.id)).rowcount


def set_active(session: Session, user: StaffUser, active: bool) -> None:
    """Enables or disables an account; a disabled account is signed out everywhere at once."""
    user.active = active
    if not active:
        end_sessions(session, user)


def reset_password(session: Session, user: StaffUser, password: str) -> None:
    """A new password, and every session of the old one ended."""
    _check_password(password)
    user.password_hash = passwords.hash_password(password)
    end_sessions(session, user)


def reset_two_factor(session: Session, user: StaffUser) -> None:
    """Two-factor sign-in off (a lost phone): the account enrols again after signing in with its password."""
    user.totp_secret = user.totp_pending = user.totp_last_step = None
    end_sessions(session, user)


def apply_action(session: Session, user: StaffUser, action: str, password: str = "") -> Optional[str]:
    """Does one of :data:`ACCOUNT_ACTIONS` to ``user``; returns the audit log's detail for it, if any."""
    if action == "reset-password":
        reset_password(session, user, password)
    elif action == "reset-2fa":
        reset_two_factor(session, user)
    elif action == "end-sessions":
        return f"sessions ended: {end_sessions(session, user)}"
    elif action in ("enable", "disable"):
        set_active(session, user, action == "enable")
    else:
        raise AccountError(f"unknown action {action}")
    return None
