"""A Rasa NLU component that tells which language each message is written in.

The result is kept in the parse data (``language``: ``{"code": ..., "confident": ...}``), so the response generator
can follow the person's language across the conversation; ``detected`` also names a language Lifeline does not speak
(``ko``, ``my``, ``lo``...), so the dialogue can say which languages it writes in. Telegram's ``language_code`` in
the message metadata is the prior.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from bot.i18n.detect import detect
from bot.pipeline.annotator import MessageAnnotator

LANGUAGE_KEY = "language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class LanguageDetector(MessageAnnotator):
    def annotate(self, message: Message, text: str) -> None:
        metadata = message.get("metadata")
        prior = metadata.get("language_code") if isinstance(metadata, dict) else None
        found = detect(text, prior=prior)
        found_language = {"code": found.supported, "confident": found.confident, "detected": found.language}
        message.set(LANGUAGE_KEY, found_language, add_to_output=True)
