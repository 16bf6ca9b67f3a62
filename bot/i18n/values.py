"""The values a response can name in braces, computed from what is known of the conversation."""

from __future__ import annotations

from typing import Any, Callable, Dict, Mapping, Optional

from bot.directory.present import provenance_text
from bot.directory.safety import emergency_lines, hotline_line, safety_numbers
from bot.i18n.languages import LANGUAGES, country_name, language_name

Lookup = Callable[[str], Optional[str]]


def conversation_lookup(language: str, slots: Mapping[str, Any], extra: Optional[Dict[str, Any]] = None) -> Lookup:
    """A lookup for placeholders: explicit values first, then computed ones, then slot values."""
    extra = extra or {}
    cache: Dict[str, Optional[str]] = {}

    def numbers():  # type: ignore[no-untyped-def]
        if "numbers" not in cache:
            nationality = extra.get("nationality") or slots.get("nationality")
            # An action may name the place its message is about, before its slot events reach the conversation.
            country, city = (extra[name] if name in extra else slots.get(name) for name in ("country", "city"))
            cache["numbers"] = safety_numbers(country, nationality, city)
        return cache["numbers"]

    def lookup(name: str) -> Optional[str]:
        if name in extra and extra[name] is not None:
            return str(extra[name])
        if name == "emergency_numbers":
            return emergency_lines(numbers(), language)
        if name == "safety_hotline":
            return hotline_line(numbers(), language)
        if name == "provenance" and extra.get("provenance_kind"):
            return provenance_text(str(extra["provenance_kind"]), extra.get("provenance_date"), language)
        if name in ("country_name", "nationality_name"):
            code = slots.get(name[: -len("_name")])
            return country_name(code, language) if code else "?"
        if name.startswith("name_") and len(name) == 7:
            return country_name(name[5:], language)
        if name == "language_name":
            return language_name(language)
        if name.startswith("language_name_") and name[14:] in LANGUAGES:
            return language_name(name[14:])
        value = slots.get(name)
        return None if value is None else str(value)

    return lookup
