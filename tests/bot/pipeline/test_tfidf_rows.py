import numpy as np
import pytest

from bot.pipeline.intent_classifier import folded, vectorizer
from bot.pipeline.tfidf_rows import TfidfRows
from bot.pipeline.tokenizer import split_words
from bot.training_data import nlu_examples

CONFIG = {"max_ngram": 4, "min_df": 2}


def words(text):
    return [folded(word) for word, _ in split_words(text)]


@pytest.fixture(scope="module")
def messages():
    examples = nlu_examples()
    return [e.text for e in examples[::7]], [e.text for e in examples[3::11]]


@pytest.mark.parametrize("view", ["words", "characters"])
def test_rows_are_what_the_fitted_vectorizer_computes(messages, view):
    fitted_on, asked = messages
    prepare = words if view == "words" else (lambda text: text)
    fitted = vectorizer(view, CONFIG).fit([prepare(text) for text in fitted_on])
    documents = [prepare(text) for text in asked + ["", "zzzz qqqq", "😀", "A" * 500]]
    expected = fitted.transform(documents).toarray()
    found = TfidfRows(fitted, fitted.vocabulary_)(documents)
    assert found.shape == expected.shape
    assert np.allclose(found.toarray(), expected, atol=1e-12)
    assert not found[len(asked)].nnz  # nothing known: an empty row, as scikit-learn gives


def test_a_stored_vocabulary_gives_the_same_rows(messages):
    fitted_on, asked = messages
    fitted = vectorizer("characters", CONFIG).fit(fitted_on)
    terms = sorted(fitted.vocabulary_, key=fitted.vocabulary_.__getitem__)
    restored = vectorizer("characters", CONFIG, {term: index for index, term in enumerate(terms)})
    restored.idf_ = fitted.idf_
    assert np.allclose(TfidfRows(restored, restored.vocabulary)(asked).toarray(), fitted.transform(asked).toarray())


def test_no_rows_for_no_messages(messages):
    fitted = vectorizer("characters", CONFIG).fit(messages[0])
    assert TfidfRows(fitted, fitted.vocabulary_)([]).shape == (0, len(fitted.idf_))
