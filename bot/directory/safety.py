"""The emergency numbers and hotline given with every emergency answer, and when anything downstream fails (the
response ``utter_safety_fallback``, sent by the action server, the REST channel, the terminal chat and the Telegram
connector whenever they cannot answer properly).

They are read straight from the version-controlled contact files (entries marked ``fallback: true``), so they need
neither the database nor the action server, and they carry the same sources as every other contact. The rules are
those of the directory (``bot.directory.emergency``): only the numbers of the country the person is in, police and
ambulance first; when the country is unknown, the police line of each host country, each named with its country;
another country's line is never given as a local one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Tuple

from bot.directory.emergency import home_line, local_emergency
from bot.directory.present import dial_line
from bot.directory.records import ContactRecord, load_records
from bot.i18n.languages import country_name
from bot.i18n.responses import render, response
from bot.places import country_of

# The countries where people are held, in the order they are listed when the person's country is unknown.
HOST_COUNTRIES = ("KH", "MM", "LA", "TH", "PH")
NO_LOCAL_NUMBER = "utter_fragment_no_local_number"
# The reply that carries the numbers when Lifeline cannot answer properly.
SAFETY_RESPONSE = "utter_safety_fallback"


@dataclass(frozen=True)
class SafetyNumbers:
    emergency: Tuple[ContactRecord, ...]
    hotline: Optional[ContactRecord]
    country_known: bool
    country: Optional[str] = None


@lru_cache(maxsize=1)
def fallback_records() -> Tuple[ContactRecord, ...]:
    return tuple(r for r in load_records().records if r.fallback and not r.found_wrong)


def safety_numbers(country: Optional[str], nationality: Optional[str], city: Optional[str] = None) -> SafetyNumbers:
    """The emergency lines of the country the person is in (every host country's police line when the country is
    unknown) and one hotline: the person's own ministry line, else the local anti-trafficking line."""
    country = country or country_of(city)
    records = fallback_records()
    if country:
        emergency: Tuple[ContactRecord, ...] = tuple(local_emergency(records, country))
    else:
        emergency = tuple(lines[0] for lines in (local_emergency(records, c) for c in HOST_COUNTRIES) if lines)
    hotline = home_line(records, nationality) or next(
        (r for r in records if r.kind == "anti_trafficking" and country and r.country == country), None
    )
    return SafetyNumbers(emergency=emergency, hotline=hotline, country_known=country is not None, country=country)


def emergency_lines(numbers: SafetyNumbers, language: str) -> str:
    """The emergency lines, one a line; each named with its country when the person's country is not known, and
    an honest sentence when the country has no checked number."""
    if not numbers.country_known:
        return "\n".join(f"{country_name(r.country, language)}: {dial_line(r)}" for r in numbers.emergency)
    if not numbers.emergency:
        name = country_name(numbers.country, language)
        return render(response(NO_LOCAL_NUMBER), language, {"country_name": name}.get)["text"]
    return "\n".join(dial_line(r) for r in numbers.emergency)


def hotline_line(numbers: SafetyNumbers, language: str) -> str:
    """The hotline, named with its country when it is not a line of the country the person is in."""
    if numbers.hotline is None:
        return ""
    if numbers.hotline.country == numbers.country:
        return dial_line(numbers.hotline)
    return f"{country_name(numbers.hotline.country, language)}: {dial_line(numbers.hotline)}"
