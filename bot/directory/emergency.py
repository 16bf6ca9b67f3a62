"""Which emergency lines help a person in danger: those of the country they are in, police (or the general
emergency number) first, then ambulance and tourist police; a line only for fires is never offered as help."""

from __future__ import annotations

from typing import Iterable, List, Optional

from bot.directory.records import ContactRecord

# Lower comes first; roles missing here (fire) do not make a line one to give a person in danger.
HELP_ORDER = {"police": 0, "general": 0, "ambulance": 1, "tourist_police": 2}


def _help_rank(record: ContactRecord) -> Optional[int]:
    ranks = [HELP_ORDER[role] for role in record.roles if role in HELP_ORDER]
    return min(ranks) if ranks else None


def local_emergency(records: Iterable[ContactRecord], country: Optional[str]) -> List[ContactRecord]:
    """The emergency lines of ``country`` for a person in danger, best first (none for an unknown country)."""
    lines = [r for r in records if r.kind == "emergency" and r.country == country and _help_rank(r) is not None]
    return sorted(lines, key=lambda r: (_help_rank(r), not r.fallback, r.confidence == "low", r.id))


def home_line(records: Iterable[ContactRecord], nationality: Optional[str]) -> Optional[ContactRecord]:
    """The 24-hour line of the person's own foreign ministry (or labour ministry) for citizens abroad."""
    lines = [r for r in records if r.kind == "citizen_hotline" and nationality and nationality in r.serves]
    return min(lines, key=lambda r: (not r.fallback, r.confidence == "low", r.id), default=None)
