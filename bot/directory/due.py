"""Which contacts staff should check again: never verified, verified more than six months ago or found wrong,
or read on a page more than two years old."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, List, Tuple

from bot.directory.records import ContactRecord

VERIFY_EVERY = timedelta(days=183)
SOURCE_TOO_OLD = timedelta(days=2 * 365)


@dataclass(frozen=True)
class Due:
    record: ContactRecord
    reasons: Tuple[str, ...]  # keys: unverified, verified_long_ago, found_wrong, no_answer, old_source


def _source_day(text: str) -> date:
    """The last day a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date can mean (a page dated 2023 may be from December)."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return following - timedelta(days=1)
    return date(parts[0], 12, 31)


def reasons(record: ContactRecord, today: date) -> Tuple[str, ...]:
    found: List[str] = []
    if record.verified_on is None:
        found.append("unverified")
    else:
        if today - record.verified_on > VERIFY_EVERY:
            found.append("verified_long_ago")
        if record.verified_outcome == "wrong":
            found.append("found_wrong")
        elif record.verified_outcome == "no_answer":
            found.append("no_answer")
    if record.source_date and today - _source_day(record.source_date) > SOURCE_TOO_OLD:
        found.append("old_source")
    return tuple(found)


def due_contacts(records: Iterable[ContactRecord], today: date) -> List[Due]:
    """The contacts to check, those found wrong first, then the least recently verified."""
    due = [Due(r, found) for r in records if (found := reasons(r, today))]
    return sorted(due, key=lambda d: ("found_wrong" not in d.reasons, d.record.verified_on or date.min, d.record.id))
