"""A Rasa NLU component that finds nationalities, countries, cities and language names in any language."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_CONFIDENCE,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
)
from rasa.shared.nlu.training_data.message import Message

from bot.pipeline.annotator import MessageAnnotator
from bot.places import gazetteer


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class GazetteerEntityExtractor(MessageAnnotator, EntityExtractorMixin):
    """Adds ``nationality``, ``country`` (ISO codes), ``city`` (canonical English names) and ``language``
    entities."""

    def annotate(self, message: Message, text: str) -> None:
        found = [
            {
                ENTITY_ATTRIBUTE_TYPE: match.entity,
                ENTITY_ATTRIBUTE_VALUE: match.value,
                ENTITY_ATTRIBUTE_START: match.start,
                ENTITY_ATTRIBUTE_END: match.end,
                ENTITY_ATTRIBUTE_CONFIDENCE: 1.0,
                "text": match.text,
            }
            for match in gazetteer().find(text)
        ]
        if found:
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(found), add_to_output=True)
