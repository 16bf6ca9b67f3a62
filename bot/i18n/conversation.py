"""Which language a conversation is answered in.

The latest clear signal wins: an explicit choice (the ``language`` slot, set by a button or "speak Thai"), or a
message confidently written in a language. A message that is short or ambiguous ("ok", a number, a place name)
keeps the language the conversation has, so a person is not switched by mistake. Before any signal, the client's
language (Telegram's ``language_code``) and then the default apply.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional

from rasa.shared.core.events import Event, Restarted, SlotSet, UserUttered

from bot.config import settings
from bot.i18n.languages import supported

LANGUAGE_SLOT = "language"


def language_of_events(events: Iterable[Event]) -> Optional[str]:
    """The conversation's language from its events, or None when nothing has shown it yet."""
    current: Optional[str] = None
    for event in events:
        if isinstance(event, Restarted):
            current = None
        elif isinstance(event, SlotSet) and event.key == LANGUAGE_SLOT and supported(event.value):
            current = supported(event.value)
        elif isinstance(event, UserUttered):
            detected = (event.parse_data or {}).get("language") or {}
            code = supported(detected.get("code"))
            if code and detected.get("confident"):
                current = code
            elif code and current is None:
                # A first message that only leans towards a language: the client's language, if known, is safer.
                current = supported((event.metadata or {}).get("language_code")) or code
    return current


def conversation_language(
    slots: Mapping[str, Any], metadata: Optional[Mapping[str, Any]] = None, events: Iterable[Event] = ()
) -> str:
    """The language to answer in (see the module's documentation)."""
    return (
        language_of_events(events)
        or supported(slots.get(LANGUAGE_SLOT))
        or supported((metadata or {}).get("language_code"))
        or settings().default_language
    )
