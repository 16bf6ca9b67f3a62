"""Choosing the contacts that fit a person: their nationality, the country and city they are in, and what they
need now."""

from __future__ import annotations

from enum import Enum
from typing import Iterable, List, Optional, Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.directory.emergency import home_line, local_emergency
from bot.directory.models import Contact, ContactServes
from bot.directory.records import EVERYONE, LIST_FIELDS, MISSIONS, ContactRecord
from bot.places import distance_km, gazetteer

MAX_CONTACTS = 4


class Need(str, Enum):
    EMERGENCY = "emergency"
    EMBASSY = "embassy"
    HOTLINE = "hotline"
    ESCAPE = "escape"


def _distance_from(city: Optional[str], record: ContactRecord) -> float:
    """How far the contact's city is from the person's city (0 when the same, unknown distances last)."""
    if city and record.city == city:
        return 0.0
    here, there = gazetteer().city(city or ""), gazetteer().city(record.city or "")
    if here and there:
        return distance_km(here.lat, here.lon, there.lat, there.lon)
    return float("inf")


def _first_flagged(records: Sequence[ContactRecord]) -> List[ContactRecord]:
    return sorted(records, key=lambda r: not r.fallback)


def rank_contacts(
    records: Iterable[ContactRecord],
    need: Need,
    nationality: Optional[str],
    country: Optional[str],
    city: Optional[str] = None,
    limit: int = MAX_CONTACTS,
) -> List[ContactRecord]:
    """The contacts to give, best first.

    Only contacts of the country the person is in, and their own ministry's line, are given. Where that country has
    no mission of theirs, the ministry line, the local anti-trafficking line and an NGO stand in for it. Emergency
    lines are police and ambulance, never a line only for fires.
    """
    records = list(records)
    here = [r for r in records if country and r.country == country]
    missions = sorted(
        (r for r in here if r.kind in MISSIONS and nationality and nationality in r.serves),
        key=lambda r: (_distance_from(city, r), r.kind != "embassy", r.confidence == "low"),
    )
    emergency = local_emergency(here, country)
    trafficking = _first_flagged([r for r in here if r.kind == "anti_trafficking"])
    ngos = [r for r in here if r.kind == "ngo" and r.serves_nationality(nationality)]
    ministry = [line] if (line := home_line(records, nationality)) else []
    if need is Need.EMERGENCY:
        order = [emergency[:2], missions[:1], ministry, trafficking[:1]]
    elif need is Need.EMBASSY:
        order = [missions[:2], ministry] if missions else [ministry, trafficking[:1], ngos[:1]]
    elif need is Need.HOTLINE:
        order = [ministry, trafficking[:1], ngos[:1], missions[:1]]
    else:
        order = [missions[:1], emergency[:1], ngos[:1], trafficking[:1], ministry]
    chosen: List[ContactRecord] = []
    for group in order:
        for record in group:
            if record not in chosen:
                chosen.append(record)
    return chosen[:limit]


def _record(row: Contact) -> ContactRecord:
    values = {name: getattr(row, name) for name in ContactRecord.__dataclass_fields__ if name != "serves"}
    for name in LIST_FIELDS:
        values[name] = tuple(values[name] or ())
    return ContactRecord(serves=tuple(s.nationality for s in row.serves), **values)


def candidates(session: Session, nationality: Optional[str], country: Optional[str]) -> List[ContactRecord]:
    """Every contact in the person's country, and every contact serving their nationality."""
    serving = select(ContactServes.contact_id).where(ContactServes.nationality.in_([nationality or "", EVERYONE]))
    query = select(Contact).where(or_(Contact.country == (country or ""), Contact.id.in_(serving)))
    return [record for row in session.execute(query).scalars() if not (record := _record(row)).found_wrong]


def find_contacts(
    session: Session, need: Need, nationality: Optional[str], country: Optional[str], city: Optional[str] = None
) -> List[ContactRecord]:
    return rank_contacts(candidates(session, nationality, country), need, nationality, country, city)
