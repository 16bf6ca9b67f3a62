"""The languages Lifeline speaks, and names of languages and countries from CLDR."""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from babel import Locale, UnknownLocaleError

SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "th", "vi", "id", "ms", "km", "zh", "fil")
# Old or alternative codes that phones and Telegram still send.
ALIASES = {"in": "id", "tl": "fil"}
# Telegram takes two-letter ISO 639-1 codes (setMyCommands); Filipino has none, and Tagalog's is what its clients use.
TELEGRAM_CODES = {"fil": "tl"}


def supported(code: Optional[str]) -> Optional[str]:
    """The supported language for a code such as ``zh-hant`` or ``ms_MY`` (None when not supported)."""
    if not code:
        return None
    base = str(code).replace("_", "-").split("-")[0].lower()
    base = ALIASES.get(base, base)
    return base if base in LANGUAGES else None


def telegram_code(language: str) -> Optional[str]:
    """The code Telegram knows a language by (None for the source language, its default for everyone else)."""
    return None if language == SOURCE_LANGUAGE else TELEGRAM_CODES.get(language, language)


@lru_cache(maxsize=None)
def _locale(code: str) -> Locale:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE_LANGUAGE)


def language_name(code: str, in_language: Optional[str] = None) -> str:
    """A language's name, in its own script by default (``th`` is ``ไทย``)."""
    name = _locale(code).get_display_name(_locale(in_language or code)) or code
    return name[:1].upper() + name[1:]


def country_name(code: str, in_language: str = SOURCE_LANGUAGE) -> str:
    """A country's name in a language (``KH`` in Thai is ``กัมพูชา``)."""
    return _locale(in_language).territories.get(code, code)
