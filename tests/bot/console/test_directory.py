"""Admins change a contact from the console; the contact files stay valid and the database follows."""

from sqlalchemy import select

from bot.directory.models import Contact
from bot.directory.records import load_records
from bot.staff.models import AuditEntry
from bot.storage.database import engine_for, session_scope
from tests.bot.console.conftest import csrf_of

CONTACT = "cn-embassy-mm"


def form(admin, **values):
    fields = {"csrf": csrf_of(admin), "phones": "+95943209657", "source": "https://example.org/consular-line",
              "checked": "2026-11-01", "confidence": "secondary"}
    return {**fields, **values}


def test_admins_see_every_contact_with_its_source_and_date(console):
    admin = console.sign_in("admin")
    page = admin.get("/admin/directory")
    assert page.status_code == 200
    assert page.text.count('href="/admin/directory/') == len(load_records(console.directory).records)
    assert console.sign_in("staff").get("/admin/directory").status_code == 403
    assert admin.get("/admin/directory/no-such-contact").status_code == 404


def test_a_valid_change_is_written_to_the_files_and_imported(console):
    admin = console.sign_in("admin")
    reply = admin.post(f"/admin/directory/{CONTACT}", data=form(admin, phones="+95 9 4320 9658\n+959432096599"))
    assert reply.status_code == 303
    record = next(r for r in load_records(console.directory).records if r.id == CONTACT)
    assert record.phones == ("+95943209658", "+959432096599") and record.source == "https://example.org/consular-line"
    with session_scope(engine_for(console.database_url)) as session:
        assert session.get(Contact, CONTACT).phones == ["+95943209658", "+959432096599"]
        entry = session.execute(select(AuditEntry).where(AuditEntry.action == "directory_edit")).scalars().all()[-1]
    assert (entry.actor, entry.target, entry.detail) == ("admin", CONTACT, "phones, source, checked")


def test_a_change_that_breaks_a_rule_is_refused_and_nothing_is_written(console):
    admin = console.sign_in("admin")
    before = {path.name: path.read_text() for path in console.directory.glob("*.yml")}
    for values in ({"phones": "12345"}, {"source": "not a link"}, {"checked": "2999-01-01"}, {"checked": "soon"},
                   {"confidence": "certain"}):
        reply = admin.post(f"/admin/directory/{CONTACT}", data=form(admin, **values))
        assert reply.status_code == 400 and "Not saved" in reply.text, values
    assert {path.name: path.read_text() for path in console.directory.glob("*.yml")} == before
