"""Which contacts staff should check again, and that a contact found wrong is given to nobody."""

from dataclasses import replace
from datetime import date

from bot.directory.due import due_contacts, reasons
from bot.directory.importer import import_records
from bot.directory.lookup import candidates
from bot.directory.records import load_records
from bot.storage.database import engine_for, session_scope

TODAY = date(2026, 12, 4)


def contact(contact_id):
    return next(r for r in load_records().records if r.id == contact_id)


def test_the_reasons_a_contact_is_due():
    fresh = replace(contact("vn-embassy-mm"), verified_on=date(2026, 10, 1), verified_method="phone",
                    verified_by="dara", verified_outcome="confirmed")
    assert reasons(fresh, TODAY) == ()
    assert reasons(replace(fresh, verified_on=date(2026, 5, 1)), TODAY) == ("verified_long_ago",)
    assert reasons(replace(fresh, verified_outcome="wrong"), TODAY) == ("found_wrong",)
    assert reasons(contact("vn-embassy-mm"), TODAY) == ("unverified",)
    assert reasons(contact("ph-embassy-th"), TODAY) == ("unverified", "old_source")
    # A page dated only by its month or year may be from its last day: not yet two years old.
    assert reasons(replace(fresh, source_date="2024-12"), TODAY) == ()
    assert reasons(replace(fresh, source_date="2024"), TODAY) == ()
    assert reasons(replace(fresh, source_date="2024-11"), TODAY) == ("old_source",)


def test_found_wrong_comes_first():
    records = load_records().records
    wrong = replace(records[-1], verified_on=date(2026, 12, 1), verified_method="phone", verified_by="dara",
                    verified_outcome="wrong")
    due = due_contacts([*records[:-1], wrong], TODAY)
    assert due[0].record.id == wrong.id and len(due) == len(records)


def test_a_contact_found_wrong_is_not_given(database_url):
    records = load_records().records
    wrong = [replace(r, verified_on=date(2026, 12, 1), verified_method="phone", verified_by="dara",
                     verified_outcome="wrong") if r.id == "vn-embassy-mm" else r for r in records]
    with session_scope(engine_for(database_url)) as session:
        import_records(session, wrong)
        found = {r.id for r in candidates(session, "VN", "MM")}
    assert "vn-citizen-hotline" in found and "vn-embassy-mm" not in found
