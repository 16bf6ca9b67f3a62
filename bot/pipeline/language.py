"""A Rasa NLU component that tells which language each message is written in.

The result is kept in the parse data (``language``: ``{"code": ..., "confident": ...}``), so the response generator
can follow the person's language across the conversation. Telegram's ``language_code`` in the message metadata is
the prior.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.i18n.detect import detect

LANGUAGE_KEY = "language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class LanguageDetector(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LanguageDetector":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            metadata = message.get("metadata") or {}
            found = detect(text, prior=metadata.get("language_code") if isinstance(metadata, dict) else None)
            message.set(
                LANGUAGE_KEY, {"code": found.supported, "confident": found.confident}, add_to_output=True
            )
        return messages
