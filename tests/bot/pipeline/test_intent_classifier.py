import json

import joblib
import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.pipeline.intent_classifier import WEIGHTS, LinearIntentClassifier, UnsafeModelError, words_and_pairs
from bot.pipeline.tokenizer import ScriptAwareTokenizer

EXAMPLES = {
    "emergency_now": ["help they are beating me", "they are coming for me now", "ช่วยด้วย เขาตีผม"],
    "passport_confiscated": ["the boss took my passport", "they keep my passport", "หัวหน้ายึดพาสปอร์ต"],
    "greet": ["hello", "hi there", "สวัสดีครับ"],
}


def tokenized(text, intent=None):
    message = Message({"text": text, **({"intent": intent} if intent else {})})
    tokenizer = ScriptAwareTokenizer(ScriptAwareTokenizer.get_default_config())
    message.set("text_tokens", tokenizer.tokenize(message, "text"))
    return message


@pytest.fixture()
def trained(tmp_path):
    (tmp_path / "model").mkdir()
    storage = LocalModelStorage(tmp_path / "model")
    resource = Resource("intent_classifier")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {"min_df": 1}
    classifier = LinearIntentClassifier.create(config, storage, resource, context)
    classifier.train(TrainingData([tokenized(t, i) for i, texts in EXAMPLES.items() for t in texts]))
    return storage, resource, context, config


def classify(classifier, text):
    return classifier.process([tokenized(text)])[0].get("intent")


def stored_folder(storage, resource):
    with storage.read_from(resource) as folder:
        return folder


def test_the_stored_classifier_is_arrays_and_json_and_answers_as_trained(trained):
    storage, resource, context, config = trained
    folder = stored_folder(storage, resource)
    assert sorted(p.suffix for p in folder.iterdir()) == [".json"] * 3 + [".npy"] * 4
    loaded = LinearIntentClassifier.load(config, storage, resource, context)
    assert classify(loaded, "the boss took my passport")["name"] == "passport_confiscated"
    assert classify(loaded, "สวัสดีครับ")["name"] == "greet"
    confidences = [r["confidence"] for r in loaded.process([tokenized("help")])[0].get("intent_ranking")]
    assert confidences == sorted(confidences, reverse=True) and sum(confidences) == pytest.approx(1.0)


def test_a_joblib_file_in_the_model_is_refused(trained):
    storage, resource, context, config = trained
    joblib.dump({"weights": [1, 2]}, stored_folder(storage, resource) / "linear_intent_classifier.joblib")
    with pytest.raises(UnsafeModelError, match="joblib"):
        LinearIntentClassifier.load(config, storage, resource, context)


def test_a_pickle_put_where_the_arrays_were_is_refused(trained):
    storage, resource, context, config = trained
    joblib.dump(np.zeros((3, 4)), stored_folder(storage, resource) / WEIGHTS)
    with pytest.raises(UnsafeModelError, match="pickled"):
        LinearIntentClassifier.load(config, storage, resource, context)


def test_an_array_of_python_objects_is_refused(trained):
    storage, resource, context, config = trained
    np.save(stored_folder(storage, resource) / WEIGHTS, np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    with pytest.raises(UnsafeModelError, match="pickled"):
        LinearIntentClassifier.load(config, storage, resource, context)


def test_a_model_without_a_classifier_falls_back_with_a_warning(tmp_path):
    (tmp_path / "model").mkdir()
    storage = LocalModelStorage(tmp_path / "model")
    context = ExecutionContext(GraphSchema({}), "test")
    loaded = LinearIntentClassifier.load({}, storage, Resource("untrained"), context)
    message = tokenized("hello")
    assert loaded.process([message])[0].get("intent") is None


def test_word_pairs_are_added_outside_thai_and_chinese():
    assert words_and_pairs(["khong", "ra", "duoc"]) == ["khong", "ra", "duoc", "khong ra", "ra duoc"]
    assert words_and_pairs(["ចេញ", "មិន", "បាន"]) == ["ចេញ", "មិន", "បាន", "ចេញ មិន", "មិន បាន"]
    assert words_and_pairs(["ออก", "ไม่", "ได้"]) == ["ออก", "ไม่", "ได้"]
    assert words_and_pairs(["出", "不", "去"]) == ["出", "不", "去"]
    assert words_and_pairs(["help", "救命"]) == ["help", "救命"]
    assert words_and_pairs([]) == []


def test_the_stored_vocabulary_holds_word_pairs(trained):
    storage, resource, _, _ = trained
    folder = stored_folder(storage, resource)
    terms = json.loads((folder / "words_vocabulary.json").read_text(encoding="utf-8"))
    assert "my passport" in terms and "took my" in terms
    assert not [term for term in terms if " " in term and any("\u0e00" <= c <= "\u0e7f" for c in term)]
