from dataclasses import replace
from datetime import date

from sqlalchemy import func, select

from bot.directory.importer import import_records
from bot.directory.lookup import candidates
from bot.directory.models import Contact, ContactServes
from bot.directory.records import load_records
from bot.storage.database import session_scope


def test_import_is_idempotent_and_follows_the_files(engine):
    records = load_records().records
    with session_scope(engine) as session:
        first = import_records(session, records)
    assert first.added == len(records) and first.removed == 0

    with session_scope(engine) as session:
        again = import_records(session, records)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, len(records))

    changed = [replace(records[0], name="Renamed"), *records[2:]]
    with session_scope(engine) as session:
        third = import_records(session, changed)
    assert (third.updated, third.removed) == (1, 1)
    with session_scope(engine) as session:
        assert session.execute(select(func.count()).select_from(Contact)).scalar_one() == len(changed)
        assert session.get(Contact, records[0].id).name == "Renamed"
        orphans = session.execute(
            select(func.count()).select_from(ContactServes).where(ContactServes.contact_id == records[1].id)
        ).scalar_one()
        assert orphans == 0


def test_provenance_and_verification_survive_the_database_and_a_second_import_changes_nothing(engine):
    records = [replace(r, verified_on=date(2026, 12, 1), verified_method="phone", verified_by="dara",
                       verified_outcome="confirmed") if r.id == "ph-embassy-la" else r for r in load_records().records]
    with session_scope(engine) as session:
        import_records(session, records)
    with session_scope(engine) as session:
        assert import_records(session, records).unchanged == len(records)
        stored = {r.id: r for r in candidates(session, "PH", "LA")}
    assert stored["ph-embassy-la"] == next(r for r in records if r.id == "ph-embassy-la")
    assert stored["la-police"].roles == ("police",) and stored["la-police"].source_date == "2016-08-27"
