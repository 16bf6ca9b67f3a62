"""Loading the checked contact files into the database, idempotently."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.directory.models import Contact, ContactServes
from bot.directory.records import ContactRecord


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    removed: int
    unchanged: int


def _matches(row: Contact, record: ContactRecord) -> bool:
    fields = record.as_row()
    same_fields = all(getattr(row, name) == value for name, value in fields.items())
    return same_fields and sorted(s.nationality for s in row.serves) == sorted(record.serves)


def import_records(session: Session, records: Sequence[ContactRecord]) -> ImportSummary:
    """Makes the ``contacts`` table equal to ``records``: adds, updates and removes rows; running it twice changes
    nothing."""
    existing = {row.id: row for row in session.execute(select(Contact)).scalars()}
    added = updated = unchanged = 0
    for record in records:
        row = existing.pop(record.id, None)
        if row is not None and _matches(row, record):
            unchanged += 1
            continue
        if row is None:
            row = Contact(id=record.id)
            session.add(row)
            added += 1
        else:
            updated += 1
        for name, value in record.as_row().items():
            setattr(row, name, value)
        row.serves = [ContactServes(nationality=code) for code in record.serves]
    if existing:
        session.execute(delete(Contact).where(Contact.id.in_(list(existing))))
    return ImportSummary(added=added, updated=updated, removed=len(existing), unchanged=unchanged)
