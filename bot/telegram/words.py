"""A response of the domain in a Telegram person's language (the conversation's, or their app's before that)."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from bot.i18n.conversation import conversation_language
from bot.i18n.say import say, say_text


def response(name: str, client_language: Optional[str], person: Optional[Mapping[str, Any]] = None
             ) -> Dict[str, Any]:
    person = person or {}
    language = conversation_language(person, {"language_code": client_language})
    return say(name, language, person)


def text(name: str, language: str, values: Optional[Dict[str, Any]] = None) -> str:
    return say_text(name, language, values=values)
