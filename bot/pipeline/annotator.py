"""The shape of Lifeline's untrained NLU components: each adds something to every message it sees."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.pipeline.fingerprint import FingerprintedByCode


class MessageAnnotator(FingerprintedByCode, GraphComponent):
    """Calls :meth:`annotate` for each message with text, at training and at prediction time alike."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MessageAnnotator":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text:
                self.annotate(message, text)
        return messages

    def annotate(self, message: Message, text: str) -> None:
        raise NotImplementedError
