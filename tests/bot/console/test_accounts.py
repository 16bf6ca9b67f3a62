"""Admins disable and enable accounts, set passwords, turn second factors off and sign accounts out."""

import time

from sqlalchemy import select

from bot.staff import totp
from bot.staff.accounts import begin_two_factor, confirm_two_factor, create_account, find_account
from bot.staff.models import AuditEntry
from bot.storage.database import engine_for, session_scope
from tests.bot.console.conftest import PASSWORD, csrf_of, sign_in_token


def account_id(console, name, two_factor=False):
    with session_scope(engine_for(console.database_url)) as session:
        user = find_account(session, name) or create_account(session, name, PASSWORD, "staff")
        if two_factor:
            secret = begin_two_factor(user)
            assert confirm_two_factor(user, PASSWORD, totp.code_at(secret, time.time()))
        return user.id


def change(admin, account, action, **form):
    return admin.post(f"/admin/users/{account}/{action}", data={"csrf": csrf_of(admin), **form})


def signed_in(client):
    return client.get("/queue").status_code == 200


def refused(console, name, password=PASSWORD):
    client = console.client()
    reply = client.post("/signin", data={"csrf": sign_in_token(client), "username": name, "password": password})
    return reply.status_code == 401


def test_a_disabled_account_is_signed_out_at_once_and_cannot_sign_in(console):
    account = account_id(console, "sven")
    theirs = console.sign_in("sven")
    admin = console.sign_in("admin")
    assert change(admin, account, "disable").status_code == 303
    assert not signed_in(theirs) and refused(console, "sven")
    assert "<td>no</td>" in admin.get("/admin/users").text
    assert change(admin, account, "enable").status_code == 303
    assert signed_in(console.sign_in("sven"))


def test_a_new_password_replaces_the_old_and_ends_its_sessions(console):
    account = account_id(console, "tove")
    theirs = console.sign_in("tove")
    admin = console.sign_in("admin")
    assert change(admin, account, "reset-password", password="short").status_code == 400
    assert signed_in(theirs)
    assert change(admin, account, "reset-password", password="a brand new password").status_code == 303
    assert not signed_in(theirs) and refused(console, "tove")
    assert signed_in(console.sign_in("tove", "a brand new password"))


def test_a_lost_second_factor_is_turned_off(console):
    account = account_id(console, "ulla", two_factor=True)
    assert refused(console, "ulla")  # no code
    admin = console.sign_in("admin")
    assert change(admin, account, "reset-2fa").status_code == 303
    assert signed_in(console.sign_in("ulla"))


def test_an_account_is_signed_out_everywhere(console):
    account = account_id(console, "vera")
    browsers = [console.sign_in("vera"), console.sign_in("vera")]
    admin = console.sign_in("admin")
    assert change(admin, account, "end-sessions").status_code == 303
    assert not any(signed_in(browser) for browser in browsers)
    assert signed_in(console.sign_in("vera"))


def test_account_changes_are_for_other_admins_with_the_form_token_and_audited(console):
    account = account_id(console, "wim")
    admin = console.sign_in("admin")
    own = account_id(console, "admin")
    assert change(admin, own, "disable").status_code == 403
    assert admin.post(f"/admin/users/{account}/disable", data={"csrf": "forged"}).status_code == 403
    assert change(console.sign_in("staff"), account, "disable").status_code == 403
    assert change(admin, account, "promote").status_code == 404
    assert change(admin, 999999, "disable").status_code == 404
    assert signed_in(console.sign_in("wim"))
    change(admin, account, "end-sessions")
    change(admin, account, "disable")
    with session_scope(engine_for(console.database_url)) as session:
        rows = session.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.detail)
                               .where(AuditEntry.target == "wim").order_by(AuditEntry.id)).all()
    assert [tuple(row) for row in rows] == [("admin", "sessions_ended", "sessions ended: 1"),
                                            ("admin", "account_disabled", None)]
