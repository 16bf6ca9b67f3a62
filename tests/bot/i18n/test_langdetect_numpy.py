from pathlib import Path

import pytest
from langdetect import LangDetectException
from langdetect.detector import Detector

from bot.config import ROOT
from bot.i18n.detect import _factory
from bot.i18n.langdetect_numpy import NumpyDetector, create

LANGUAGE_SETS = ROOT / "bench" / "data" / "language_eval"


def messages(every: int = 4):
    for path in sorted(LANGUAGE_SETS.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        yield from lines[::every]


def probabilities(detector: Detector, text: str):
    detector.append(text)
    try:
        return {found.lang: found.prob for found in detector.get_probabilities()}
    except LangDetectException as error:
        return error.code


def test_it_gives_langdetects_probabilities_for_every_kind_of_message():
    factory = _factory()
    compared = 0
    for text in list(messages()) + ["", "ok", "😀😀", "https://t.me/x", "A" * 3000, "help " * 500]:
        expected = probabilities(Detector(factory), text)
        found = probabilities(NumpyDetector(factory), text)
        if isinstance(expected, dict):
            assert found.keys() == expected.keys(), text
            assert all(found[lang] == pytest.approx(expected[lang], abs=1e-9) for lang in expected), text
        else:
            assert found == expected, text
        compared += 1
    assert compared > 200


def test_a_prior_is_honoured_as_langdetect_honours_it():
    factory = _factory()
    ours, theirs = create(factory), Detector(factory)
    for detector in (ours, theirs):
        detector.set_prior_map({"id": 0.8, "en": 0.2})
    text = "saya mau pulang ke rumah"
    assert probabilities(ours, text) == pytest.approx(probabilities(theirs, text))
