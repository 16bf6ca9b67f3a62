"""What a person should be sent, worked out without Lifeline's renderer: a response's words straight from the domain
files and the language's gettext catalog, country names from CLDR (Babel), emergency numbers as the contact files
give them. End-to-end tests compare what the person was sent with these."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Sequence

import yaml
from babel import Locale
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
# Each country's police (or general emergency) line, as the contact files give it.
POLICE = {"KH": "117", "MM": "199", "LA": "1191", "TH": "191", "PH": "911", "VN": "113", "MY": "999", "ID": "110"}
# The countries whose police lines are given, in this order, when the person's country is not known.
HOST_COUNTRIES = ("KH", "MM", "LA", "TH", "PH")


@lru_cache(maxsize=1)
def _responses() -> Dict[str, list]:
    responses: Dict[str, list] = {}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        responses.update((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {})
    return responses


@lru_cache(maxsize=None)
def _catalog(language: str):  # type: ignore[no-untyped-def]
    with (ROOT / "locales" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def payloads(name: str) -> list:
    """The payloads of response ``name``'s buttons, in order, as the domain files give them."""
    return [button["payload"] for button in _responses()[name][0].get("buttons", [])]


def said(name: str, language: str, **values: str) -> str:
    """The text of response ``name`` as the ``language`` catalog words it, with its placeholders set to ``values``."""
    source = _responses()[name][0]["text"]
    text = source
    if language != "en":
        message = _catalog(language).get(source)
        text = message.string if message is not None and message.string else source
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def country(code: str, language: str) -> str:
    """The country's name in ``language``, from CLDR."""
    return Locale.parse(language).territories[code]


def is_emergency_reply(text: str, language: str, countries: Sequence[str] = HOST_COUNTRIES,
                       hotline: Optional[str] = None) -> bool:
    """Whether ``text`` is the emergency numbers in ``language``: the police line of each of ``countries`` (named
    with its country when there are several), and the ``hotline`` number if given."""
    lines = text.split("\n")
    if lines[0] != said("utter_emergency_numbers", language).split("\n")[0]:
        return False
    for code in countries:
        prefix = f"{country(code, language)}: " if len(countries) > 1 else ""
        if not any(line.startswith(prefix) and POLICE[code] in re.split(r"[:·\s]+", line) for line in lines[1:]):
            return False
    return hotline is None or hotline in text
