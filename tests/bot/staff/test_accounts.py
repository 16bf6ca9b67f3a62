import time

import pytest

from bot.staff import totp
from bot.staff.accounts import AccountError, check_sign_in, create_account, enable_two_factor
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


def test_two_factor_sign_in_needs_the_current_code(engine):
    with session_scope(engine) as session:
        user = create_account(session, "dave", "long enough password", "staff")
        secret = enable_two_factor(user)
        assert decrypt(user.totp_secret) == secret and secret not in user.totp_secret
    with session_scope(engine) as session:
        assert check_sign_in(session, "dave", "long enough password").needs_code
        code = totp.code_at(secret, time.time())
        wrong = str((int(code) + 500_000) % 10**6).zfill(6)
        assert check_sign_in(session, "dave", "long enough password", wrong).user is None
        assert check_sign_in(session, "dave", "long enough password", code).user
