"""Admins keep the contact directory from the console: edit, add, verify and remove contacts, see what is due; the
contact files stay valid, the database follows, and every change is audited with its old and new values."""

from datetime import date

from sqlalchemy import select

from bot.directory.models import Contact
from bot.directory.records import load_records
from bot.staff.models import AuditEntry
from bot.storage.database import engine_for, session_scope
from tests.bot.console.conftest import csrf_of

CONTACT = "cn-embassy-mm"
CHECKED = "vn-embassy-mm"


def form(admin, **values):
    fields = {"csrf": csrf_of(admin), "phones": "+95943209657", "source": "https://example.org/consular-line",
              "source_kind": "aggregator", "source_date": "", "checked": "2026-11-01", "confidence": "low"}
    return {**fields, **values}


def record_of(console, contact_id):
    return next((r for r in load_records(console.directory).records if r.id == contact_id), None)


def last_audit(console, action):
    with session_scope(engine_for(console.database_url)) as session:
        entry = session.execute(select(AuditEntry).where(AuditEntry.action == action)).scalars().all()[-1]
        return entry.actor, entry.target, entry.detail


def test_admins_see_every_contact_with_its_source_and_date(console):
    admin = console.sign_in("admin")
    page = admin.get("/admin/directory")
    assert page.status_code == 200
    assert page.text.count('href="/admin/directory/') == len(load_records(console.directory).records)
    assert console.sign_in("staff").get("/admin/directory").status_code == 403
    assert console.sign_in("staff").get("/admin/directory-due").status_code == 403
    assert admin.get("/admin/directory/no-such-contact").status_code == 404


def test_a_valid_change_is_written_to_the_files_imported_and_audited_with_old_and_new_values(console):
    admin = console.sign_in("admin")
    reply = admin.post(f"/admin/directory/{CONTACT}", data=form(admin, phones="+95 9 4320 9658\n+959432096599",
                                                                   source_date="2024-05"))
    assert reply.status_code == 303
    record = record_of(console, CONTACT)
    assert record.phones == ("+95943209658", "+959432096599") and record.source == "https://example.org/consular-line"
    assert record.source_date == "2024-05"
    with session_scope(engine_for(console.database_url)) as session:
        assert session.get(Contact, CONTACT).phones == ["+95943209658", "+959432096599"]
    actor, target, detail = last_audit(console, "directory_edit")
    assert (actor, target) == ("admin", CONTACT)
    assert "phones: [+95943209657] → [+95943209658, +959432096599]" in detail
    assert "source: https://jisuxw.com/focus-news/252511.html → https://example.org/consular-line" in detail
    assert "source_date: - → 2024-05" in detail and "checked: 2026-11-29 → 2026-11-01" in detail


def test_a_change_that_breaks_a_rule_is_refused_and_nothing_is_written(console):
    admin = console.sign_in("admin")
    before = {path.name: path.read_text() for path in console.directory.glob("*.yml")}
    for values in ({"phones": "12345"}, {"source": "not a link"}, {"checked": "2999-01-01"}, {"checked": "soon"},
                   {"confidence": "certain"}, {"confidence": "official"}, {"source": "http://10.0.0.1/x"},
                   {"source_date": "2027"}):
        reply = admin.post(f"/admin/directory/{CONTACT}", data=form(admin, **values))
        assert reply.status_code == 400 and "Not saved" in reply.text, values
    assert {path.name: path.read_text() for path in console.directory.glob("*.yml")} == before


def test_an_admin_adds_a_contact_and_it_is_given_from_then_on(console):
    admin = console.sign_in("admin")
    form = admin.get("/admin/directory-new")
    assert form.status_code == 200
    assert "police, general, ambulance" in form.text and "translator" not in form.text
    fields = {"csrf": csrf_of(admin), "file": "ph.yml", "id": "ph-consulate-kh-test", "kind": "consulate",
              "roles": "", "name": "Test consulate", "serves": "ph", "country": "KH", "city": "Siem Reap",
              "phones": "+855 23 726 274", "short_codes": "", "source": "https://example.org/consulate",
              "source_kind": "own_site", "source_date": "2025", "checked": date.today().isoformat(),
              "confidence": "official"}
    assert admin.post("/admin/directory-new", data=fields).status_code == 303
    added = record_of(console, "ph-consulate-kh-test")
    assert added.serves == ("PH",) and added.phones == ("+85523726274",) and added.source_date == "2025"
    with session_scope(engine_for(console.database_url)) as session:
        assert session.get(Contact, "ph-consulate-kh-test").city == "Siem Reap"
    actor, target, detail = last_audit(console, "directory_add")
    assert (actor, target) == ("admin", "ph-consulate-kh-test") and "phones: - → [+85523726274]" in detail
    again = admin.post("/admin/directory-new", data={**fields, "csrf": csrf_of(admin)})
    assert again.status_code == 400 and "already exists" in again.text
    bad = admin.post("/admin/directory-new", data={**fields, "csrf": csrf_of(admin), "id": "x-1",
                                                   "file": "../../etc.yml"})
    assert bad.status_code == 400 and record_of(console, "x-1") is None


def test_an_admin_records_a_verification_and_it_is_no_longer_due(console):
    admin = console.sign_in("admin")
    reply = admin.post(f"/admin/directory/{CHECKED}/verify", data={
        "csrf": csrf_of(admin), "date": date.today().isoformat(), "method": "phone", "outcome": "confirmed"})
    assert reply.status_code == 303
    record = record_of(console, CHECKED)
    assert (record.verified_on, record.verified_method, record.verified_by, record.confirmed) == (
        date.today(), "phone", "admin", True)
    actor, target, detail = last_audit(console, "directory_verify")
    assert detail == f"verified: - → {{date: {date.today().isoformat()}, method: phone, by: admin, outcome: confirmed}}"
    due = admin.get("/admin/directory-due").text
    assert f'href="/admin/directory/{CHECKED}"' not in due and 'href="/admin/directory/ph-embassy-th"' in due
    refused = admin.post(f"/admin/directory/{CHECKED}/verify", data={
        "csrf": csrf_of(admin), "date": "2999-01-01", "method": "phone", "outcome": "confirmed"})
    assert refused.status_code == 400


def test_a_contact_found_wrong_is_due_first_and_given_to_nobody(console):
    admin = console.sign_in("admin")
    admin.post(f"/admin/directory/{CONTACT}/verify", data={
        "csrf": csrf_of(admin), "date": date.today().isoformat(), "method": "phone", "outcome": "wrong"})
    due = admin.get("/admin/directory-due").text
    assert due.index(f'href="/admin/directory/{CONTACT}"') < due.index('href="/admin/directory/ph-embassy-th"')
    assert "found wrong at the last check" in due and "its source is more than 2 years old" in due


def test_an_admin_removes_a_contact_and_the_audit_keeps_what_it_was(console):
    admin = console.sign_in("admin")
    assert admin.post(f"/admin/directory/{CONTACT}/remove", data={"csrf": csrf_of(admin)}).status_code == 303
    assert record_of(console, CONTACT) is None
    with session_scope(engine_for(console.database_url)) as session:
        assert session.get(Contact, CONTACT) is None
    actor, target, detail = last_audit(console, "directory_remove")
    assert (actor, target) == ("admin", CONTACT) and f"id: {CONTACT} → -" in detail and "phones: [" in detail
    assert admin.get(f"/admin/directory/{CONTACT}").status_code == 404
