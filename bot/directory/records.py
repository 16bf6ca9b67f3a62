"""The version-controlled contact files: reading them and checking every entry."""

from __future__ import annotations

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
CONFIDENCE = ("official", "secondary")
EVERYONE = "ALL"
OPTIONAL_TEXT = ("city", "address", "email", "web", "telegram", "whatsapp", "line", "hours")
KNOWN_FIELDS = {
    "id", "kind", "name", "serves", "country", "phones", "short_codes", "languages", "source", "checked",
    "confidence", "fallback", "notes", *OPTIONAL_TEXT,
}
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

    def as_row(self) -> Dict[str, Any]:
        row = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "serves"}
        for name in ("phones", "short_codes", "languages"):
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
    for required in ("id", "kind", "name", "serves", "country", "source", "checked", "confidence"):
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
    source = urlparse(str(raw["source"]))
    if source.scheme not in ("http", "https") or not source.netloc:
        problems.append("source must be a public http(s) URL")
    checked = raw["checked"]
    if isinstance(checked, str):
        try:
            checked = date.fromisoformat(checked)
        except ValueError:
            checked = None
    if not isinstance(checked, date):
        problems.append("checked must be a date (YYYY-MM-DD)")
    elif checked > date.today():
        problems.append("checked lies in the future")
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
        phones=phones,
        short_codes=short_codes,
        languages=tuple(str(x) for x in raw.get("languages") or ()),
        fallback=bool(raw.get("fallback", False)),
        **{name: _text(raw.get(name)) for name in OPTIONAL_TEXT},
    )
    return record, []


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
