"""The version-controlled contact files: reading them and checking every entry."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlparse

import phonenumbers
import yaml
from babel import Locale

from bot.config import DIRECTORY_DATA

KINDS = ("embassy", "consulate", "citizen_hotline", "emergency", "anti_trafficking", "ngo")
MISSIONS = ("embassy", "consulate")
# official: the organisation's own page or a government page, or verified; secondary: a reputable news or NGO
# report quoting it; low: an aggregator, mirror or community repost.
CONFIDENCE = ("official", "secondary", "low")
SOURCE_KINDS = ("own_site", "government", "news", "ngo", "aggregator")
# What an emergency line is for; a person facing violence is given police and ambulance lines, never fire first.
ROLES = ("police", "general", "ambulance", "tourist_police", "fire")
VERIFY_METHODS = ("phone", "official_site")
VERIFY_OUTCOMES = ("confirmed", "wrong", "no_answer")
EVERYONE = "ALL"
LIST_FIELDS = ("phones", "short_codes", "languages", "roles")  # tuples in a record, lists in a row
OPTIONAL_TEXT = ("city", "address", "email", "web", "telegram", "whatsapp", "line", "hours")
KNOWN_FIELDS = {
    "id", "kind", "name", "serves", "country", "phones", "short_codes", "languages", "source", "source_kind",
    "source_date", "checked", "verified", "confidence", "roles", "fallback", "notes", *OPTIONAL_TEXT,
}
_SOURCE_DATE = re.compile(r"^[12][0-9]{3}(-[01][0-9](-[0-3][0-9])?)?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SHORT_CODE = re.compile(r"^[0-9]{3,12}$")
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


def _territories() -> set:
    return {code for code in Locale.parse("en").territories if len(code) == 2 and code.isalpha()}


@dataclass(frozen=True)
class ContactRecord:
    id: str
    kind: str
    name: str
    serves: Tuple[str, ...]
    country: str
    source: str
    checked: date
    confidence: str
    source_kind: str = "news"
    source_date: Optional[str] = None
    verified_on: Optional[date] = None
    verified_method: Optional[str] = None
    verified_by: Optional[str] = None
    verified_outcome: Optional[str] = None
    roles: Tuple[str, ...] = ()
    city: Optional[str] = None
    address: Optional[str] = None
    phones: Tuple[str, ...] = ()
    short_codes: Tuple[str, ...] = ()
    email: Optional[str] = None
    web: Optional[str] = None
    telegram: Optional[str] = None
    whatsapp: Optional[str] = None
    line: Optional[str] = None
    hours: Optional[str] = None
    languages: Tuple[str, ...] = ()
    fallback: bool = False

    def serves_nationality(self, nationality: Optional[str]) -> bool:
        return EVERYONE in self.serves or (nationality is not None and nationality in self.serves)

    @property
    def found_wrong(self) -> bool:
        """The last check found the number wrong: it is given to nobody until it is corrected."""
        return self.verified_outcome == "wrong"

    @property
    def confirmed(self) -> bool:
        """Someone called the number or read it on the organisation's own site, and it was right."""
        return self.verified_outcome == "confirmed"

    def as_row(self) -> Dict[str, Any]:
        row = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "serves"}
        for name in LIST_FIELDS:
            row[name] = list(row[name])
        return row


@dataclass
class Problem:
    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.message}"


@dataclass
class LoadResult:
    records: List[ContactRecord] = field(default_factory=list)
    problems: List[Problem] = field(default_factory=list)


def _valid_phone(number: str, problems: List[str]) -> None:
    if not _E164.match(number):
        problems.append(f"phone {number!r} is not E.164 (+ country code, digits only)")
        return
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        problems.append(f"phone {number!r} has an unknown country code")
        return
    if phonenumbers.region_code_for_country_code(parsed.country_code) == "ZZ":
        problems.append(f"phone {number!r} has an unknown country code")
    elif not phonenumbers.is_possible_number(parsed):
        problems.append(f"phone {number!r} has the wrong length for its country")


def _text(value: Any) -> Optional[str]:
    return None if value is None else str(value).strip() or None


def _check(raw: Dict[str, Any], territories: set) -> Tuple[Optional[ContactRecord], List[str]]:
    problems: List[str] = []
    unknown = set(raw) - KNOWN_FIELDS
    if unknown:
        problems.append(f"unknown fields {sorted(unknown)}")
    for required in ("id", "kind", "name", "serves", "country", "source", "source_kind", "checked", "confidence"):
        if raw.get(required) in (None, "", []):
            problems.append(f"missing {required}")
    if problems:
        return None, problems
    if not _ID.match(str(raw["id"])):
        problems.append("id must be lowercase letters, digits and dashes")
    if raw["kind"] not in KINDS:
        problems.append(f"kind {raw['kind']!r} is not one of {', '.join(KINDS)}")
    if raw["confidence"] not in CONFIDENCE:
        problems.append(f"confidence {raw['confidence']!r} is not one of {', '.join(CONFIDENCE)}")
    serves = tuple(str(s).upper() for s in raw["serves"])
    for code in (*[s for s in serves if s != EVERYONE], raw["country"]):
        if code not in territories:
            problems.append(f"{code!r} is not an ISO 3166 alpha-2 country code")
    problems.extend(_source_problems(raw))
    checked = _date(raw["checked"])
    if checked is None:
        problems.append("checked must be a date (YYYY-MM-DD)")
    elif checked > date.today():
        problems.append("checked lies in the future")
    verified, verify_problems = _verification(raw.get("verified"))
    problems.extend(verify_problems)
    if raw["confidence"] == "official" and raw["source_kind"] not in ("own_site", "government") and not (
        verified and verified["verified_outcome"] == "confirmed"
    ):
        problems.append("confidence official needs the organisation's own or a government page, or a verification")
    roles = tuple(str(r) for r in raw.get("roles") or ())
    for role in roles:
        if role not in ROLES:
            problems.append(f"role {role!r} is not one of {', '.join(ROLES)}")
    if raw.get("fallback") and raw["confidence"] == "low":
        problems.append("a low-confidence contact cannot be one of the built-in fallback numbers")
    if raw["kind"] == "emergency" and not roles:
        problems.append(f"an emergency line needs its roles ({', '.join(ROLES)})")
    phones = tuple(str(p) for p in raw.get("phones") or ())
    for number in phones:
        _valid_phone(number, problems)
    short_codes = tuple(str(s) for s in raw.get("short_codes") or ())
    for code in short_codes:
        if not _SHORT_CODE.match(code):
            problems.append(f"short code {code!r} must be 3 to 12 digits, dialled as it is in the country")
    if raw.get("whatsapp"):
        _valid_phone(str(raw["whatsapp"]), problems)
    contact_ways = (phones, short_codes, *(raw.get(k) for k in ("email", "web", "telegram", "whatsapp", "line")))
    if not any(contact_ways):
        problems.append("no way to reach it (phone, short code, email, web, Telegram, WhatsApp or LINE)")
    if problems:
        return None, problems
    record = ContactRecord(
        id=str(raw["id"]),
        kind=raw["kind"],
        name=str(raw["name"]).strip(),
        serves=serves,
        country=raw["country"],
        source=str(raw["source"]),
        checked=checked,
        confidence=raw["confidence"],
        source_kind=raw["source_kind"],
        source_date=_text(raw.get("source_date")),
        roles=roles,
        **verified,
        phones=phones,
        short_codes=short_codes,
        languages=tuple(str(x) for x in raw.get("languages") or ()),
        fallback=bool(raw.get("fallback", False)),
        **{name: _text(raw.get(name)) for name in OPTIONAL_TEXT},
    )
    return record, []


def _date(value: Any) -> Optional[date]:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _source_problems(raw: Dict[str, Any]) -> List[str]:
    """The source must be a named public page (never a bare IP address), of a known kind and honestly dated."""
    problems: List[str] = []
    source = urlparse(str(raw["source"]))
    if source.scheme not in ("http", "https") or not source.hostname:
        problems.append("source must be a public http(s) URL")
    else:
        try:
            ipaddress.ip_address(source.hostname)
            problems.append("source must name a site, not a bare IP address")
        except ValueError:
            pass
    if raw["source_kind"] not in SOURCE_KINDS:
        problems.append(f"source_kind {raw['source_kind']!r} is not one of {', '.join(SOURCE_KINDS)}")
    elif raw["source_kind"] == "aggregator" and raw["confidence"] != "low":
        problems.append("an aggregator or mirror is low confidence")
    published = raw.get("source_date")
    if published is not None:
        text = published.isoformat() if isinstance(published, date) else str(published)
        if not _SOURCE_DATE.match(text):
            problems.append("source_date must be the page's own date: YYYY, YYYY-MM or YYYY-MM-DD")
        elif text > date.today().isoformat():
            problems.append("source_date lies in the future")
        elif raw.get("checked") is not None and text > str(raw["checked"]):
            problems.append("source_date is after the date the source was read")
    return problems


def _verification(raw: Any) -> Tuple[Dict[str, Any], List[str]]:
    """``verified: {date, method, by, outcome}`` as record fields (all None when absent)."""
    empty = {"verified_on": None, "verified_method": None, "verified_by": None, "verified_outcome": None}
    if raw is None:
        return empty, []
    if not isinstance(raw, dict) or set(raw) - {"date", "method", "by", "outcome"}:
        return empty, ["verified must be a mapping of date, method, by and outcome"]
    problems: List[str] = []
    when = _date(raw.get("date"))
    if when is None or when > date.today():
        problems.append("verified date must be a past date (YYYY-MM-DD)")
    if raw.get("method") not in VERIFY_METHODS:
        problems.append(f"verified method must be one of {', '.join(VERIFY_METHODS)}")
    if raw.get("outcome") not in VERIFY_OUTCOMES:
        problems.append(f"verified outcome must be one of {', '.join(VERIFY_OUTCOMES)}")
    if not _text(raw.get("by")):
        problems.append("verified needs who verified it (by)")
    if problems:
        return empty, problems
    return {"verified_on": when, "verified_method": raw["method"], "verified_by": _text(raw["by"]),
            "verified_outcome": raw["outcome"]}, []


def load_records(folder: Path = DIRECTORY_DATA) -> LoadResult:
    """Reads every ``*.yml`` file in ``folder`` and checks each entry; bad entries are reported, not loaded."""
    result = LoadResult()
    territories = _territories()
    seen_ids: Dict[str, str] = {}
    seen_numbers: Dict[Tuple[str, str], str] = {}
    for path in sorted(folder.glob("*.yml")):
        try:
            entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as error:
            result.problems.append(Problem(path.name, "-", f"not valid YAML: {error}"))
            continue
        if not isinstance(entries, list):
            result.problems.append(Problem(path.name, "-", "the file must hold a list of contacts"))
            continue
        for position, raw in enumerate(entries, 1):
            label = str(raw.get("id", f"entry {position}")) if isinstance(raw, dict) else f"entry {position}"
            if not isinstance(raw, dict):
                result.problems.append(Problem(path.name, label, "an entry must be a mapping"))
                continue
            record, problems = _check(raw, territories)
            result.problems.extend(Problem(path.name, label, p) for p in problems)
            if record is None:
                continue
            if record.id in seen_ids:
                result.problems.append(Problem(path.name, label, f"duplicate id (also in {seen_ids[record.id]})"))
                continue
            duplicate = _duplicate_number(record, seen_numbers)
            if duplicate:
                result.problems.append(Problem(path.name, label, duplicate))
                continue
            seen_ids[record.id] = path.name
            result.records.append(record)
    return result


def _duplicate_number(record: ContactRecord, seen: Dict[Tuple[str, str], str]) -> Optional[str]:
    """Two entries of the same kind and country with the same phone number are one contact entered twice."""
    keys = [(f"{record.kind}/{record.country}", number) for number in record.phones]
    for key in keys:
        if key in seen:
            return f"phone {key[1]} is already listed for {seen[key]}"
    for key in keys:
        seen[key] = record.id
    return None
