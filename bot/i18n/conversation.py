"""Which language a conversation is answered in.

The latest clear signal wins: an explicit choice (the ``language`` slot, set by a button or "speak Thai"), or a
message confidently written in a language. A message that is short or ambiguous ("ok", a number, a place name)
keeps the language the conversation has, so a person is not switched by mistake. Before any signal, the client's
language (Telegram's ``language_code``) and then the default apply.

The language is decided once per message (:func:`reply_language`) and noted with it, in its parse data: every reply
to it reads that decision. The person's case keeps the conversation's language (:func:`language_of_events`) for
staff and for the Telegram connector's own replies.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional

from rasa.shared.core.events import Event, Restarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config import settings
from bot.i18n.languages import supported

LANGUAGE_SLOT = "language"
DETECTED = "language"  # the parse data's key for the message's language (bot/pipeline/language.py)
REPLY = "reply"  # where, in it, the language the message is answered in is noted


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


def reply_language(tracker: DialogueStateTracker) -> str:
    """The language the conversation's latest message is answered in: decided by the first reply to it, once the
    message's slots are set (a language chosen with a button or by name is one of them), noted in the message's
    parse data, and read from there by every later reply."""
    message = tracker.latest_message
    noted = message.parse_data.setdefault(DETECTED, {}) if message is not None else {}
    if not isinstance(noted, dict):
        noted = {}
    if noted.get(REPLY):
        return noted[REPLY]
    language = conversation_language(tracker.current_slot_values(), message.metadata if message else None,
                                     tracker.events)
    noted[REPLY] = language
    return language
