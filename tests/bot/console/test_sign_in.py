"""Signing in behind a reverse proxy: one answer for every failure, throttling that locks out only the guesser,
codes used once, and an audit log that guessing cannot flood."""

import re
import time

from sqlalchemy import select

from bot.staff import totp
from bot.staff.accounts import apply_action, begin_two_factor, confirm_two_factor, create_account, find_account
from bot.staff.models import AuditEntry
from bot.storage.database import engine_for, session_scope
from tests.bot.console.conftest import PASSWORD, csrf_of, sign_in_token

ANSWER = re.compile(r'<p class="message" role="alert">(.*?)</p>', re.S)


def attempt(console, username, password, address, code=""):
    client = console.client()
    client.headers["X-Forwarded-For"] = address
    return client, client.post("/signin", data={"csrf": sign_in_token(client), "username": username,
                                                "password": password, "code": code})


def audit_rows(console, **where):
    with session_scope(engine_for(console.database_url)) as session:
        query = select(AuditEntry).order_by(AuditEntry.id)
        for name, value in where.items():
            query = query.where(getattr(AuditEntry, name) == value)
        return [(row.actor, row.action, row.detail) for row in session.execute(query).scalars()]


def an_account(console, name, two_factor=False, active=True):
    with session_scope(engine_for(console.database_url)) as session:
        user = create_account(session, name, PASSWORD, "staff")
        secret = begin_two_factor(user) if two_factor else None
        if secret:
            assert confirm_two_factor(user, PASSWORD, totp.code_at(secret, time.time()))
        if not active:
            apply_action(session, user, "disable")
        return secret


def test_every_failure_gets_the_same_answer(proxied_console):
    console = proxied_console
    secret = an_account(console, "mila", two_factor=True)
    an_account(console, "nils", active=False)
    an_account(console, "oona")
    code = totp.code_at(secret, time.time())
    wrong_code = str((int(code) + 1) % 10**6).zfill(6)
    for _ in range(5):
        attempt(console, "oona", "wrong", "198.51.100.60")
    failures = {
        "no such account": attempt(console, "nobody-here", PASSWORD, "198.51.100.61"),
        "wrong password": attempt(console, "mila", "wrong password", "198.51.100.62"),
        "no code": attempt(console, "mila", PASSWORD, "198.51.100.63"),
        "wrong code": attempt(console, "mila", PASSWORD, "198.51.100.64", wrong_code),
        "code used to enrol": attempt(console, "mila", PASSWORD, "198.51.100.65", code),
        "disabled": attempt(console, "nils", PASSWORD, "198.51.100.66"),
        "throttled": attempt(console, "oona", PASSWORD, "198.51.100.60"),
    }
    answers = {why: (reply.status_code, ANSWER.findall(reply.text)) for why, (_, reply) in failures.items()}
    assert len(set(map(repr, answers.values()))) == 1, answers
    assert answers["wrong password"][0] == 401 and "authenticator app" in answers["wrong password"][1][0]
    assert all("lifeline_session" not in reply.cookies for _, reply in failures.values())


def test_a_guesser_locks_out_only_their_own_address(proxied_console):
    console = proxied_console
    an_account(console, "erin")
    for _ in range(5):
        assert attempt(console, "erin", "wrong", "203.0.113.5")[1].status_code == 401
    assert attempt(console, "erin", PASSWORD, "203.0.113.5")[1].status_code == 401  # the guesser's address waits
    assert attempt(console, "erin", PASSWORD, "203.0.113.6")[1].status_code == 303  # erin, elsewhere, signs in
    actions = [action for _, action, _ in audit_rows(console, actor="erin")]
    assert actions == ["sign_in_failed"] * 5 + ["sign_in_blocked", "sign_in"]


def test_one_address_is_paused_after_twenty_failures_on_any_accounts(proxied_console):
    console = proxied_console
    for number in range(20):
        attempt(console, f"guess{number}", "wrong", "203.0.113.20")
    assert attempt(console, "staff", PASSWORD, "203.0.113.20")[1].status_code == 401
    assert attempt(console, "staff", PASSWORD, "203.0.113.21")[1].status_code == 303


def test_only_the_address_the_proxy_saw_counts(proxied_console):
    console = proxied_console
    an_account(console, "pia")
    for number in range(5):  # the client writes addresses of its own in front; the proxy appends the real one
        attempt(console, "pia", "wrong", f"10.0.0.{number}, 203.0.113.30")
    assert attempt(console, "pia", PASSWORD, "10.9.9.9, 203.0.113.30")[1].status_code == 401
    assert attempt(console, "pia", PASSWORD, "203.0.113.31")[1].status_code == 303
    assert all(detail == "203.0.113.30" for actor, action, detail in audit_rows(console, actor="pia")
               if action != "sign_in")


def test_failed_sign_ins_are_logged_up_to_a_cap_and_never_with_an_unknown_name(proxied_console):
    console = proxied_console
    names = [f"<attacker-name-{number}>" for number in range(13)]
    for name in names:
        assert attempt(console, name, "wrong", "203.0.113.40")[1].status_code == 401
    rows = [row for row in audit_rows(console) if row[2] and "203.0.113.40" in row[2]]
    assert rows[:10] == [(None, "sign_in_failed", "unknown account; 203.0.113.40")] * 10
    assert [action for _, action, _ in rows[10:]] == ["sign_in_failures_capped"]
    logged = repr(audit_rows(console))
    assert not any(name in logged for name in names)


def test_each_code_signs_in_once(proxied_console):
    console = proxied_console
    secret = an_account(console, "quentin", two_factor=True)
    with session_scope(engine_for(console.database_url)) as session:
        enrolled = find_account(session, "quentin").totp_last_step
    code = totp.code_at(secret, (enrolled + 1) * totp.STEP_SECONDS)
    assert attempt(console, "quentin", PASSWORD, "203.0.113.50", code)[1].status_code == 303
    assert attempt(console, "quentin", PASSWORD, "203.0.113.51", code)[1].status_code == 401


def test_two_factor_is_turned_on_with_the_password_and_a_code(proxied_console):
    console = proxied_console
    an_account(console, "rosa")
    client, reply = attempt(console, "rosa", PASSWORD, "203.0.113.60")
    assert reply.status_code == 303
    page = client.post("/account/two-factor", data={"csrf": csrf_of(client)}).text
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    code = totp.code_at(secret, time.time())
    refused = client.post("/account/two-factor/confirm",
                          data={"csrf": csrf_of(client), "password": "not my password", "code": code})
    assert refused.status_code == 400 and "Not turned on" in refused.text
    with session_scope(engine_for(console.database_url)) as session:
        assert find_account(session, "rosa").totp_secret is None
    assert attempt(console, "rosa", PASSWORD, "203.0.113.61")[1].status_code == 303  # still no code asked
    done = client.post("/account/two-factor/confirm", data={"csrf": csrf_of(client), "password": PASSWORD,
                                                             "code": code})
    assert done.status_code == 200 and "now on" in done.text
    assert attempt(console, "rosa", PASSWORD, "203.0.113.62")[1].status_code == 401
    assert [action for _, action, _ in audit_rows(console, actor="rosa")].count("two_factor_on") == 1
