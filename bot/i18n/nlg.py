"""Rasa's response generator for Lifeline: every ``utter_*`` in the conversation's language, decided once for each
message (:func:`bot.i18n.conversation.reply_language`).

Configured in ``endpoints.yml`` (``nlg: type: bot.i18n.nlg.GettextNLG``).
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.i18n.conversation import reply_language
from bot.i18n.responses import render
from bot.i18n.values import conversation_lookup


class GettextNLG(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None) -> None:
        super().__init__(domain.responses if domain else {})

    async def generate(
        self, utter_action: str, tracker: DialogueStateTracker, output_channel: str, **kwargs: Any
    ) -> Optional[Dict[str, Any]]:
        slots = tracker.current_slot_values()
        response = self._random_response_for(utter_action, output_channel, slots)
        if response is None:
            return None
        language = reply_language(tracker)
        return render(response, language, conversation_lookup(language, slots, kwargs))
