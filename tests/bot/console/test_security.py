"""What the console refuses, and what it stores and shows inertly."""

import json
import re
import time

import pytest
from sqlalchemy import inspect, select

from bot.i18n.catalog_tools import TRANSLATED
from bot.cases.models import Case, CaseNote, LiveMessage
from bot.staff import totp
from bot.staff.accounts import begin_two_factor, confirm_two_factor, create_account, find_account
from bot.staff.models import AuditEntry
from bot.storage.crypto import encrypt
from bot.storage.database import engine_for, session_scope
from bot.storage.models import Conversation
from tests.bot.console.conftest import PASSWORD, csrf_of, sign_in_token

INJECTION = "<script>alert('x')</script><img src=x onerror=alert(1)>'; DROP TABLE cases; --"


def a_case(database_url, sender, text="they locked us in", intent="held_captive"):
    """A person's conversation with the bot, and their case."""
    events = [
        {"event": "user", "timestamp": time.time() - 60, "text": text,
         "parse_data": {"intent": {"name": intent, "confidence": 0.93}, "language": {"code": "en"}}},
        {"event": "bot", "timestamp": time.time() - 59, "text": "Thai embassy, +855 23 726 306",
         "metadata": {"utter_action": "utter_contact"}},
    ]
    with session_scope(engine_for(database_url)) as session:
        session.add(Conversation(sender_key=sender, events=encrypt(json.dumps(events))))
        case = Case(sender_key=sender, urgency=2, reason=intent, status="new", language="en")
        session.add(case)
        session.flush()
        return case.public_id


def test_pages_need_a_session(console):
    client = console.client()
    case = a_case(console.database_url, "nobody-signed-in")
    assert client.get("/queue").status_code == 303
    assert client.get("/queue").headers["location"] == "/signin"
    assert client.get(f"/cases/{case}").status_code == 303
    assert client.get(f"/cases/{case}/entries.json").status_code == 401
    assert client.post(f"/cases/{case}/takeover", data={"csrf": "x"}).status_code == 401


def test_roles_see_only_their_pages(console):
    case = a_case(console.database_url, "role-test")
    translator = console.sign_in("translator")
    token = csrf_of(translator)
    assert translator.get("/translations").status_code == 200
    for path in ("/queue", f"/cases/{case}", f"/cases/{case}/referral.json", "/stats", "/admin/users"):
        assert translator.get(path).status_code == 403, path
    assert translator.post(f"/cases/{case}/takeover", data={"csrf": token}).status_code == 403
    staff = console.sign_in("staff")
    assert staff.get("/queue").status_code == 200
    assert staff.get("/admin/audit").status_code == 403
    assert staff.post("/admin/users", data={"csrf": csrf_of(staff), "username": "mallory", "password": PASSWORD,
                                            "role": "admin"}).status_code == 403


def test_forms_need_the_sessions_csrf_token(console):
    case = a_case(console.database_url, "csrf-test")
    staff = console.sign_in("staff")
    other = console.sign_in("admin")
    for data in ({"text": "no token"}, {"text": "wrong token", "csrf": "guess"},
                 {"text": "someone else's token", "csrf": csrf_of(other)}):
        assert staff.post(f"/cases/{case}/notes", data=data).status_code == 403
    assert staff.post(f"/cases/{case}/notes", data={"text": "fine", "csrf": csrf_of(staff)}).status_code == 303
    with session_scope(engine_for(console.database_url)) as session:
        assert session.execute(select(CaseNote)).scalars().all()[-1].text != "fine"  # stored encrypted


def test_the_sign_in_form_needs_its_token(console):
    client = console.client()
    reply = client.post("/signin", data={"username": "staff", "password": PASSWORD, "csrf": "forged"})
    assert reply.status_code == 403 and "lifeline_session" not in reply.cookies


def test_a_guessed_conversation_id_is_not_found(console):
    staff = console.sign_in("staff")
    for guess in ("1", "2", "AAAAAAAAAAAAAAAA", "%27%20OR%201=1", "x" * 300):
        assert staff.get(f"/cases/{guess}").status_code == 404, guess
    assert staff.post("/cases/1/takeover", data={"csrf": csrf_of(staff)}).status_code == 404


def test_injection_in_notes_and_messages_is_stored_and_shown_inertly(console):
    case = a_case(console.database_url, "injection-test", text=INJECTION)
    staff = console.sign_in("staff")
    assert staff.post(f"/cases/{case}/notes", data={"text": INJECTION, "csrf": csrf_of(staff)}).status_code == 303
    page = staff.get(f"/cases/{case}").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert page.count("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") == 2  # the message and the note
    assert "cases" in inspect(engine_for(console.database_url)).get_table_names()
    entries = staff.get(f"/cases/{case}/entries.json").json()["entries"]
    assert entries[0]["text"] == INJECTION  # JSON for the page's script, which sets it as text


def test_two_factor_sign_in(console):
    with session_scope(engine_for(console.database_url)) as session:
        user = create_account(session, "frank", PASSWORD, "staff")
        secret = begin_two_factor(user)
        assert confirm_two_factor(user, PASSWORD, totp.code_at(secret, time.time()))
        step = user.totp_last_step
    client = console.client()
    reply = client.post("/signin", data={"csrf": sign_in_token(client), "username": "frank", "password": PASSWORD})
    assert reply.status_code == 401 and "authenticator" in reply.text
    assert console.sign_in("frank", code=totp.code_at(secret, (step + 1) * totp.STEP_SECONDS))


def test_x_forwarded_for_from_a_peer_that_is_no_trusted_proxy_is_ignored(console):
    client = console.client()
    client.headers["X-Forwarded-For"] = "198.51.100.7"
    reply = client.post("/signin", data={"csrf": sign_in_token(client), "username": "translator",
                                         "password": PASSWORD})
    assert reply.status_code == 303
    with session_scope(engine_for(console.database_url)) as session:
        detail = session.execute(select(AuditEntry.detail).where(AuditEntry.actor == "translator")
                                 .order_by(AuditEntry.id.desc())).scalars().first()
    assert detail == "127.0.0.1"


def test_polling_returns_only_new_messages_and_audits_each_read(console):
    case = a_case(console.database_url, "polling-test")
    staff = console.sign_in("staff")
    cursor = re.search(r'data-cursor="([^"]+)"', staff.get(f"/cases/{case}").text).group(1)
    before = _reads(console, case)
    for _ in range(3):
        quiet = staff.get(f"/cases/{case}/entries.json", params={"after": cursor}).json()
        assert quiet["entries"] == [] and quiet["cursor"] == cursor
    assert _reads(console, case) == before  # polls that return no text leave no row
    with session_scope(engine_for(console.database_url)) as session:
        session.add(LiveMessage(sender_key="polling-test", direction="in", text=encrypt("are you there?")))
    new = staff.get(f"/cases/{case}/entries.json", params={"after": cursor}).json()
    assert [entry["text"] for entry in new["entries"]] == ["are you there?"] and new["cursor"] != cursor
    assert _reads(console, case) == before + [("staff", "read", "messages: 1")]
    assert staff.get(f"/cases/{case}/entries.json", params={"after": new["cursor"]}).json()["entries"] == []
    everything = staff.get(f"/cases/{case}/entries.json").json()["entries"]
    assert len(everything) == 3 and _reads(console, case)[-1] == ("staff", "read", "messages: 3")
    assert staff.get(f"/cases/{case}/entries.json", params={"after": "x.1"}).status_code == 400


def _reads(console, case):
    with session_scope(engine_for(console.database_url)) as session:
        return [tuple(row) for row in session.execute(
            select(AuditEntry.actor, AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.target == case, AuditEntry.action == "read").order_by(AuditEntry.id))]


def test_the_session_cookie_is_http_only_and_same_site(console):
    client = console.client()
    reply = client.post("/signin", data={"csrf": sign_in_token(client), "username": "admin", "password": PASSWORD})
    cookie = reply.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = client.get("/queue")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    client.post("/signout", data={"csrf": csrf_of(client)})
    assert client.get("/queue").status_code == 303


def test_views_exports_and_erasure_are_audited(console):
    case = a_case(console.database_url, "audit-test")
    staff = console.sign_in("staff")
    assert staff.get(f"/cases/{case}").status_code == 200
    summary = staff.get(f"/cases/{case}/referral.json").json()
    assert summary["case"] == case and summary["contacts_given"] == ["Thai embassy, +855 23 726 306"]
    assert "audit-test" not in json.dumps(summary)  # no pseudonym leaves the console
    assert staff.get(f"/cases/{case}/referral").status_code == 200
    assert staff.post(f"/cases/{case}/erase", data={"csrf": csrf_of(staff)}).status_code == 303
    assert staff.get(f"/cases/{case}").status_code == 404
    with session_scope(engine_for(console.database_url)) as session:
        found = session.execute(select(AuditEntry.action, AuditEntry.detail).where(
            AuditEntry.actor == "staff", AuditEntry.target == case).order_by(AuditEntry.id)).all()
        assert session.get(Conversation, "audit-test") is None
    assert [tuple(row) for row in found] == [("view", None), ("export", "json"), ("export", "print"),
                                             ("delete", None)]


def test_admins_create_accounts(console):
    admin = console.sign_in("admin")
    reply = admin.post("/admin/users", data={"csrf": csrf_of(admin), "username": "grace", "password": PASSWORD,
                                             "role": "translator"})
    assert reply.status_code == 303
    with session_scope(engine_for(console.database_url)) as session:
        assert find_account(session, "grace").role == "translator"
    assert console.sign_in("grace").get("/translations").status_code == 200
    short = admin.post("/admin/users", data={"csrf": csrf_of(admin), "username": "heidi", "password": "short",
                                             "role": "staff"})
    assert short.status_code == 400


@pytest.mark.parametrize("path", ["/queue", "/stats", "/translations", "/admin/users", "/admin/audit"])
def test_every_page_renders(console, path):
    a_case(console.database_url, f"page-{path}")
    admin = console.sign_in("admin")
    reply = admin.get(path)
    assert reply.status_code == 200 and "Lifeline" in reply.text
    if path == "/stats":
        assert reply.text.count("<svg") == 4
    if path == "/translations":
        assert reply.text.count('class="complete"') + reply.text.count('class="incomplete"') == len(TRANSLATED)


def test_an_oversized_post_is_refused(console):
    staff = console.sign_in("staff")
    case = a_case(console.database_url, "big-post")
    reply = staff.post(f"/cases/{case}/notes", data={"csrf": csrf_of(staff), "text": "x" * 400_000})
    assert reply.status_code == 413


def test_refusals_say_why_in_words(console):
    case = a_case(console.database_url, "refusal-words")
    staff = console.sign_in("staff")
    assert "No such conversation." in staff.get("/cases/no-such-case").text
    reply = staff.post(f"/cases/{case}/reply", data={"csrf": csrf_of(staff), "text": "hello"})
    assert reply.status_code == 400 and "Take the conversation over before replying." in reply.text
    staff.post(f"/cases/{case}/takeover", data={"csrf": csrf_of(staff)})
    reply = staff.post(f"/cases/{case}/reply", data={"csrf": csrf_of(staff), "text": "   "})
    assert reply.status_code == 400 and "Write a reply first." in reply.text
    assert "Your role does not give access" in console.sign_in("translator").get("/queue").text


def test_the_queue_names_a_language_lifeline_does_not_speak(console):
    with session_scope(engine_for(console.database_url)) as session:
        session.add(Case(sender_key="writes-korean", urgency=2, reason="emergency_now", status="new", language="en",
                         written_in="ko"))
    page = console.sign_in("staff").get("/queue", params={"language": "en"})
    assert "English <span class=\"written-in\">(writes Korean)</span>" in page.text
