"""A linear intent classifier for short chat messages in seven languages.

Logistic regression over two TF-IDF views of a message: its words (as the project's tokenizer segments them, so
Thai, Khmer and Chinese words count) and its character n-grams within words (typos, missing diacritics, loan
words). Counts are damped (sublinear TF) and each view is scaled to unit length, so a long message does not weigh
more than a short one. It trains in seconds; on the project's held-out split it scored higher than DIET, which took
many minutes on the same data (chosen by measurement with ``make eval``; see the README).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.pipeline.clauses import split_clauses
from bot.pipeline.tokenizer import normalise, split_words

logger = logging.getLogger(__name__)
MODEL_FILE = "linear_intent_classifier.joblib"
TOKENS = "text_tokens"
# Each clause of a long message with the intent it reads as on its own (see bot.pipeline.urgency_ladder).
CLAUSES = "clauses"


def identity(items: List[str]) -> List[str]:
    return items


def folded(text: str) -> str:
    return normalise(text).lower()


def message_words(message: Message) -> List[str]:
    return [folded(token.text) for token in message.get(TOKENS) or []]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    @classmethod
    def required_components(cls) -> List[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"C": 20.0, "max_ngram": 4, "min_df": 2, "ranking_length": 10, "random_state": 7}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[Dict[str, Any]] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage, self._resource = model_storage, resource
        self.model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    def _features(self, messages: List[Message]) -> Any:
        return self._text_features([message_words(m) for m in messages], [m.get(TEXT) or "" for m in messages])

    def _text_features(self, words: List[List[str]], texts: List[str]) -> Any:
        assert self.model is not None
        return hstack([self.model["words"].transform(words), self.model["characters"].transform(texts)]).tocsr()

    def _clause_intents(self, text: str) -> List[Dict[str, Any]]:
        """The top intent of each clause of a message of several clauses (none for a single clause)."""
        clauses = split_clauses(text)
        if len(clauses) < 2:
            return []
        words = [[folded(word).strip(".,!?;:()\"'") for word, _ in split_words(clause)] for clause in clauses]
        classifier = self.model["classifier"]  # type: ignore[index]
        rows = classifier.predict_proba(self._text_features(words, clauses))
        return [{"text": clause, "name": str(classifier.classes_[row.argmax()]), "confidence": float(row.max())}
                for clause, row in zip(clauses, rows)]

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return self._resource
        self.model = {
            "words": TfidfVectorizer(analyzer=identity, sublinear_tf=True).fit([message_words(e) for e in examples]),
            "characters": TfidfVectorizer(analyzer="char_wb", preprocessor=folded, sublinear_tf=True,
                                          ngram_range=(1, self.config["max_ngram"]), min_df=self.config["min_df"]
                                          ).fit([e.get(TEXT) for e in examples]),
        }
        classifier = LogisticRegression(C=self.config["C"], max_iter=3000, random_state=self.config["random_state"])
        self.model["classifier"] = classifier.fit(self._features(examples), [e.get(INTENT) for e in examples])
        with self._model_storage.write_to(self._resource) as folder:
            joblib.dump(self.model, folder / MODEL_FILE)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearIntentClassifier":
        try:
            with model_storage.read_from(resource) as folder:
                model = joblib.load(folder / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("No trained intent classifier in the model: every message will be nlu_fallback.")
            model = None
        return cls(config, model_storage, resource, model)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model is None or not messages:
            return messages
        classifier = self.model["classifier"]
        probabilities = classifier.predict_proba(self._features(messages))
        for message, row in zip(messages, probabilities):
            order = np.argsort(-row)[: self.config["ranking_length"]]
            ranking = [{"name": str(classifier.classes_[i]), "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
            message.set(CLAUSES, self._clause_intents(message.get(TEXT) or ""), add_to_output=True)
        return messages
