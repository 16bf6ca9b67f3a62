"""The answer to a message Lifeline could not read with confidence: help first.

A message that shows distress gets a calm first line with the emergency numbers and the main menu; any other gets
a short menu of what Lifeline can do, never a bare "say it another way". A message in a language Lifeline does not
speak is answered in English, with one line naming the languages it writes in.
"""

from __future__ import annotations

from typing import Any, List, Mapping

SAFETY = ["utter_help_first_safety", "utter_offer_help"]
MENU = ["utter_help_menu"]
LANGUAGES = "utter_languages_spoken"


def help_first_responses(parse_data: Mapping[str, Any]) -> List[str]:
    """The responses, in order, for a message's parse data (``distress`` and ``language`` from the pipeline)."""
    language = parse_data.get("language") or {}
    unsupported = [LANGUAGES] if language.get("detected") and not language.get("code") else []
    distress = (parse_data.get("distress") or {}).get("shown")
    return unsupported + (SAFETY if distress else MENU)
