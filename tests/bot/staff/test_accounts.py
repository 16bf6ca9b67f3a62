import time

import pytest

from bot.staff import totp
from sqlalchemy import select

from bot.console.security import open_session
from bot.staff.accounts import (AccountError, apply_action, begin_two_factor, check_sign_in, confirm_two_factor,
                                create_account, find_account, pending_secret)
from bot.staff.models import StaffSession
from bot.storage.crypto import decrypt
from bot.storage.database import session_scope


def test_accounts_sign_in_with_the_right_password_only(engine):
    with session_scope(engine) as session:
        create_account(session, "Alice", "correct horse battery", "staff")
    with session_scope(engine) as session:
        assert check_sign_in(session, "alice", "correct horse battery").user.username == "Alice"
        assert check_sign_in(session, "alice", "wrong password!").user is None
        assert check_sign_in(session, "nobody", "correct horse battery").user is None


@pytest.mark.parametrize("username, password, role", [
    ("bob", "short", "staff"), ("bob", "long enough password", "root"), ("", "long enough password", "staff"),
])
def test_bad_accounts_are_refused(engine, username, password, role):
    with session_scope(engine) as session, pytest.raises(AccountError):
        create_account(session, username, password, role)


def test_a_second_account_with_the_same_name_is_refused(engine):
    with session_scope(engine) as session:
        create_account(session, "carol", "long enough password", "admin")
    with session_scope(engine) as session, pytest.raises(AccountError):
        create_account(session, "CAROL", "another long password", "staff")


def two_factor_on(user, password="long enough password"):
    """Enrols ``user`` as the console does: a new secret, confirmed with a code from it and the password."""
    secret = begin_two_factor(user)
    assert confirm_two_factor(user, password, totp.code_at(secret, time.time()))
    return secret


def test_two_factor_sign_in_needs_the_current_code(engine):
    with session_scope(engine) as session:
        user = create_account(session, "dave", "long enough password", "staff")
        secret = two_factor_on(user)
        assert decrypt(user.totp_secret) == secret and secret not in user.totp_secret
        user.totp_last_step = None  # the enrolment code may be used once to sign in, in this test
    with session_scope(engine) as session:
        assert check_sign_in(session, "dave", "long enough password").user is None
        code = totp.code_at(secret, time.time())
        wrong = str((int(code) + 500_000) % 10**6).zfill(6)
        assert check_sign_in(session, "dave", "long enough password", wrong).user is None
        assert check_sign_in(session, "dave", "long enough password", code).user


def test_a_code_signs_in_once(engine):
    with session_scope(engine) as session:
        user = create_account(session, "olga", "long enough password", "staff")
        secret = two_factor_on(user)
        enrolled_at = user.totp_last_step
    with session_scope(engine) as session:
        code = totp.code_at(secret, time.time())
        assert check_sign_in(session, "olga", "long enough password", code).user is None  # used to enrol
        later = totp.code_at(secret, (enrolled_at + 1) * totp.STEP_SECONDS)
        first = check_sign_in(session, "olga", "long enough password", later)
    with session_scope(engine) as session:
        again = check_sign_in(session, "olga", "long enough password", later)
    assert first.user is not None and again.user is None and again.account == "olga"


def test_enrolment_needs_the_password_and_a_code_from_the_new_secret(engine):
    with session_scope(engine) as session:
        user = create_account(session, "peter", "long enough password", "staff")
        secret = begin_two_factor(user)
        assert user.totp_secret is None and pending_secret(user) == secret
        code = totp.code_at(secret, time.time())
        assert not confirm_two_factor(user, "not the password", code)
        assert not confirm_two_factor(user, "long enough password", "000000" if code != "000000" else "111111")
        assert user.totp_secret is None
        assert confirm_two_factor(user, "long enough password", code)
        assert decrypt(user.totp_secret) == secret and user.totp_pending is None


def test_disabling_resetting_and_ending_sessions(engine):
    with session_scope(engine) as session:
        user = create_account(session, "quinn", "long enough password", "staff")
        two_factor_on(user)
        open_session(session, user)
        open_session(session, user)
        session.flush()
        assert apply_action(session, user, "end-sessions") == "sessions ended: 2"
        open_session(session, user)
        session.flush()
        apply_action(session, user, "disable")
        assert _sessions(session, user) == 0
    with session_scope(engine) as session:
        assert check_sign_in(session, "quinn", "long enough password").user is None
        user = find_account(session, "quinn")
        apply_action(session, user, "enable")
        apply_action(session, user, "reset-2fa")
        assert user.totp_secret is None and user.totp_last_step is None
        with pytest.raises(AccountError):
            apply_action(session, user, "reset-password", "short")
        open_session(session, user)
        session.flush()
        apply_action(session, user, "reset-password", "a brand new password")
        assert _sessions(session, user) == 0
    with session_scope(engine) as session:
        assert check_sign_in(session, "quinn", "long enough password").user is None
        assert check_sign_in(session, "quinn", "a brand new password").user.username == "quinn"


def _sessions(session, user):
    return len(session.execute(select(StaffSession).where(StaffSession.user_id == user.id)).scalars().all())


@pytest.mark.real_password_cost
def test_every_failure_costs_about_the_same_time(engine):
    with session_scope(engine) as session:
        create_account(session, "rita", "long enough password", "staff")
        two_factor_on(create_account(session, "sami", "long enough password", "staff"))
        apply_action(session, create_account(session, "tara", "long enough password", "staff"), "disable")
    failures = {"no such account": ("nobody", "long enough password"), "wrong password": ("rita", "wrong password"),
                "no code": ("sami", "long enough password"), "disabled": ("tara", "long enough password")}
    medians = {}
    for why, (name, password) in failures.items():
        times = []
        for _ in range(5):
            with session_scope(engine) as session:
                started = time.perf_counter()
                assert check_sign_in(session, name, password).user is None
                times.append(time.perf_counter() - started)
        medians[why] = sorted(times)[2]
    assert max(medians.values()) < 3 * min(medians.values()), medians
