"""A linear intent classifier for short chat messages in seven languages.

Logistic regression over two TF-IDF views of a message: its words and pairs of adjacent words (as the project's
tokenizer segments them, so Thai, Khmer and Chinese words count) and its character n-grams within words (typos,
missing diacritics, loan words). Counts are damped (sublinear TF) and each view is scaled to unit length, so a long
message does not weigh more than a short one. It trains in seconds; on the project's held-out split it scored higher
than DIET, which took many minutes on the same data (chosen by measurement with ``make eval``; see the README).

The trained classifier is stored as plain data: numpy arrays (loaded with ``allow_pickle=False``) and JSON. A model
file is code-free by construction, and a model that contains anything else (a pickle or joblib file, an array of
Python objects) is refused, since unpickling a crafted file runs code on the host.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.pipeline.clauses import split_clauses
from bot.pipeline.fingerprint import FingerprintedByCode
from bot.pipeline.tfidf_rows import TfidfRows
from bot.pipeline.tokenizer import HAN, THAI, normalise, split_words

logger = logging.getLogger(__name__)
TOKENS = "text_tokens"
VIEWS = ("words", "characters")
VOCABULARY = "{view}_vocabulary.json"
IDF = "{view}_idf.npy"
CLASSES = "classes.json"
WEIGHTS = "weights.npy"
INTERCEPTS = "intercepts.npy"
MODEL_FILES = frozenset([CLASSES, WEIGHTS, INTERCEPTS]
                        + [name.format(view=view) for view in VIEWS for name in (VOCABULARY, IDF)])

# Each clause of a long message with the intent it reads as on its own (see bot.pipeline.urgency_ladder).
CLAUSES = "clauses"


class UnsafeModelError(RasaException):
    """The stored classifier holds something other than plain arrays and JSON (e.g. a pickle)."""


# Pairs of adjacent words tell apart what single words cannot ("khong ra duoc", "tak boleh keluar", "no thanks").
# Not in Thai or Chinese: written without spaces, their character n-grams already span the junctions of words, and
# their pairs lowered the held-out score in both (measured with ``make eval``; see the README).
NO_PAIRS = re.compile(f"[{THAI}{HAN}]")


def words_and_pairs(words: List[str]) -> List[str]:
    """A message's words, then each pair of adjacent words (joined by a space) outside Thai and Chinese."""
    pairs = (f"{first} {second}" for first, second in zip(words, words[1:]))
    return list(words) + [pair for pair in pairs if not NO_PAIRS.search(pair)]


def folded(text: str) -> str:
    return normalise(text).lower()


def message_words(message: Message) -> List[str]:
    return [folded(token.text) for token in message.get(TOKENS) or []]


def vectorizer(view: str, config: Dict[Text, Any], vocabulary: Optional[Dict[str, int]] = None) -> TfidfVectorizer:
    """The TF-IDF view ``words`` or ``characters``, empty or with a stored vocabulary."""
    if view == "words":
        return TfidfVectorizer(analyzer=words_and_pairs, sublinear_tf=True, vocabulary=vocabulary)
    return TfidfVectorizer(analyzer="char_wb", preprocessor=folded, sublinear_tf=True,
                           ngram_range=(1, config["max_ngram"]), min_df=config["min_df"], vocabulary=vocabulary)


def save(model: Dict[str, Any], folder: Path) -> None:
    """Writes the trained views and weights as arrays and JSON."""
    for view in VIEWS:
        fitted: TfidfVectorizer = model[view]
        terms = sorted(fitted.vocabulary_, key=fitted.vocabulary_.__getitem__)
        (folder / VOCABULARY.format(view=view)).write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
        np.save(folder / IDF.format(view=view), np.asarray(fitted.idf_, dtype=np.float64), allow_pickle=False)
    (folder / CLASSES).write_text(json.dumps([str(c) for c in model["classes"]], ensure_ascii=False),
                                  encoding="utf-8")
    np.save(folder / WEIGHTS, np.asarray(model["weights"], dtype=np.float64), allow_pickle=False)
    np.save(folder / INTERCEPTS, np.asarray(model["intercepts"], dtype=np.float64), allow_pickle=False)


def _array(path: Path) -> np.ndarray:
    try:
        array = np.load(path, allow_pickle=False)
    except ValueError as error:
        raise UnsafeModelError(f"{path.name} in the intent classifier is not a plain numeric array ({error}); "
                               "refusing to load a model that contains pickled objects") from error
    if array.dtype.kind != "f":
        raise UnsafeModelError(f"{path.name} in the intent classifier holds {array.dtype}, not numbers")
    return array


def _strings(path: Path) -> List[str]:
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnsafeModelError(f"{path.name} in the intent classifier is not JSON") from error
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise UnsafeModelError(f"{path.name} in the intent classifier is not a list of strings")
    return items


def restore(folder: Path, config: Dict[Text, Any]) -> Dict[str, Any]:
    """Reads what :func:`save` wrote, refusing any other file: nothing in a model is ever unpickled."""
    found = {path.name for path in folder.iterdir()}
    if found - MODEL_FILES:
        raise UnsafeModelError(f"unexpected files in the intent classifier: {', '.join(sorted(found - MODEL_FILES))}; "
                               "a model must hold only arrays and JSON (no pickle or joblib files)")
    if MODEL_FILES - found:
        raise FileNotFoundError(f"the intent classifier lacks {', '.join(sorted(MODEL_FILES - found))}")
    model: Dict[str, Any] = {}
    for view in VIEWS:
        terms = _strings(folder / VOCABULARY.format(view=view))
        restored = vectorizer(view, config, {term: index for index, term in enumerate(terms)})
        restored.idf_ = _array(folder / IDF.format(view=view))
        model[view] = restored
    model["classes"] = np.array(_strings(folder / CLASSES))
    model["weights"] = _array(folder / WEIGHTS)
    model["intercepts"] = _array(folder / INTERCEPTS)
    if model["weights"].shape[0] != len(model["intercepts"]):
        raise UnsafeModelError("the intent classifier's weights and intercepts do not match")
    return answering(model)


def answering(model: Dict[str, Any]) -> Dict[str, Any]:
    """The trained or restored model with what answering one message at a time needs: each view's rows computed
    directly (:mod:`bot.pipeline.tfidf_rows`) and the weights laid out feature by feature, so that a message's
    scores are one sparse-times-dense product without a copy of the weights."""
    for view in VIEWS:
        fitted: TfidfVectorizer = model[view]
        vocabulary = getattr(fitted, "vocabulary_", None) or fitted.vocabulary
        model[f"{view}_rows"] = TfidfRows(fitted, vocabulary)
    model["weights_by_feature"] = np.ascontiguousarray(model["weights"].T)
    return model


def probabilities(model: Dict[str, Any], features: Any) -> np.ndarray:
    """Class probabilities of a multinomial (or, for two classes, binary) logistic regression."""
    scores = np.asarray(features @ model["weights_by_feature"]) + model["intercepts"]
    if scores.shape[1] == 1:
        positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
        return np.column_stack([1.0 - positive, positive])
    scores -= scores.max(axis=1, keepdims=True)
    exponentials = np.exp(scores)
    return exponentials / exponentials.sum(axis=1, keepdims=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(FingerprintedByCode, IntentClassifier, GraphComponent):
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
        return hstack([self.model["words_rows"](words), self.model["characters_rows"](texts)]).tocsr()

    def _clause_intents(self, text: str) -> List[Dict[str, Any]]:
        """The top intent of each clause of a message of several clauses (none for a single clause)."""
        clauses = split_clauses(text)
        if len(clauses) < 2:
            return []
        words = [[folded(word).strip(".,!?;:()\"'") for word, _ in split_words(clause)] for clause in clauses]
        classes = self.model["classes"]  # type: ignore[index]
        rows = probabilities(self.model, self._text_features(words, clauses))  # type: ignore[arg-type]
        return [{"text": clause, "name": str(classes[row.argmax()]), "confidence": float(row.max())}
                for clause, row in zip(clauses, rows)]

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return self._resource
        words, characters = vectorizer("words", self.config), vectorizer("characters", self.config)
        features = hstack([words.fit_transform([message_words(e) for e in examples]),
                           characters.fit_transform([e.get(TEXT) for e in examples])]).tocsr()
        classifier = LogisticRegression(C=self.config["C"], max_iter=3000, random_state=self.config["random_state"])
        classifier.fit(features, [e.get(INTENT) for e in examples])
        self.model = answering({"words": words, "characters": characters, "classes": classifier.classes_,
                                "weights": classifier.coef_, "intercepts": classifier.intercept_})
        with self._model_storage.write_to(self._resource) as folder:
            save(self.model, folder)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearIntentClassifier":
        try:
            with model_storage.read_from(resource) as folder:
                model = restore(folder, {**cls.get_default_config(), **config})
        except (ValueError, FileNotFoundError):
            logger.warning("No trained intent classifier in the model: every message will be nlu_fallback.")
            model = None
        return cls(config, model_storage, resource, model)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model is None or not messages:
            return messages
        classes = self.model["classes"]
        for message, row in zip(messages, probabilities(self.model, self._features(messages))):
            order = np.argsort(-row)[: self.config["ranking_length"]]
            ranking = [{"name": str(classes[i]), "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
            message.set(CLAUSES, self._clause_intents(message.get(TEXT) or ""), add_to_output=True)
        return messages
