"""Saying a response of the domain to a person: ``utter_*`` NAME in their language, its placeholders filled from
what is known of the conversation (slots such as the country, and values given by the caller).

Rasa's own replies go through :mod:`bot.i18n.nlg`, which picks the response's variant the same way Rasa does;
everything that answers outside Rasa (the channels' safety reply, the Telegram connector, staff messages) says it
here.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from bot.directory.safety import SAFETY_RESPONSE
from bot.i18n.conversation import conversation_language
from bot.i18n.responses import render, response
from bot.i18n.values import conversation_lookup


def say(name: str, language: str, slots: Optional[Mapping[str, Any]] = None,
        values: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """The response ``name`` rendered in ``language``: its text and buttons."""
    return render(response(name), language, conversation_lookup(language, slots or {}, values))


def say_text(name: str, language: str, slots: Optional[Mapping[str, Any]] = None,
             values: Optional[Dict[str, Any]] = None) -> str:
    """The text of the response ``name`` rendered in ``language``."""
    return say(name, language, slots, values)["text"]


def safety_reply(slots: Mapping[str, Any], metadata: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """The reply when Lifeline cannot answer properly: the emergency numbers and one hotline, in the conversation's
    language, built from files alone (no model, no database, no action server)."""
    return say(SAFETY_RESPONSE, conversation_language(slots, metadata), slots)
