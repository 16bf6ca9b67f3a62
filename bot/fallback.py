"""The emergency numbers and hotline given when anything downstream fails.

They are read straight from the version-controlled contact files (entries marked ``fallback: true``), so they need
neither the database nor the action server, and they carry the same sources as every other contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import List, Optional, Tuple

from bot.directory.present import dial_line
from bot.directory.records import ContactRecord, load_records
from bot.i18n.languages import country_name
from bot.places import country_of

# The countries where people are held, in the order they are listed when the person's country is unknown.
HOST_COUNTRIES = ("KH", "MM", "LA", "TH", "PH")


@dataclass(frozen=True)
class SafetyNumbers:
    emergency: Tuple[ContactRecord, ...]
    hotline: Optional[ContactRecord]
    country_known: bool


@lru_cache(maxsize=1)
def fallback_records() -> Tuple[ContactRecord, ...]:
    return tuple(r for r in load_records().records if r.fallback)


def _first(records: List[ContactRecord]) -> Optional[ContactRecord]:
    return records[0] if records else None


def safety_numbers(country: Optional[str], nationality: Optional[str], city: Optional[str] = None) -> SafetyNumbers:
    """The local emergency line (every host country's when the country is unknown) and one hotline."""
    country = country or country_of(city)
    records = fallback_records()
    emergency_of = {r.country: r for r in reversed(records) if r.kind == "emergency"}
    if country in emergency_of:
        emergency: Tuple[ContactRecord, ...] = (emergency_of[country],)
    else:
        emergency = tuple(emergency_of[c] for c in HOST_COUNTRIES if c in emergency_of)
    hotline = (
        _first([r for r in records if r.kind == "citizen_hotline" and nationality in r.serves])
        or _first([r for r in records if r.kind == "anti_trafficking" and r.country == country])
        or _first([r for r in records if r.kind == "anti_trafficking"])
    )
    return SafetyNumbers(emergency=emergency, hotline=hotline, country_known=country in emergency_of)


def emergency_lines(numbers: SafetyNumbers, language: str) -> str:
    """The emergency lines, one a line; prefixed with the country's name when the country was not known."""
    if numbers.country_known:
        return "\n".join(dial_line(r) for r in numbers.emergency)
    return "\n".join(f"{country_name(r.country, language)}: {dial_line(r)}" for r in numbers.emergency)


def hotline_line(numbers: SafetyNumbers) -> str:
    return dial_line(numbers.hotline) if numbers.hotline else ""
