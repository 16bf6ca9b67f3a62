"""The reply given when Lifeline cannot answer properly: the local emergency numbers and one hotline, in the
person's language, built from files alone (no model, no database, no action server)."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from bot.i18n.conversation import conversation_language
from bot.i18n.responses import domain_responses, render
from bot.i18n.values import conversation_lookup

SAFETY_RESPONSE = "utter_safety_fallback"


def safety_reply(slots: Mapping[str, Any], metadata: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    language = conversation_language(slots, metadata)
    response = domain_responses()[SAFETY_RESPONSE][0]
    return render(response, language, conversation_lookup(language, slots))
