"""langdetect's detection, computed with numpy.

langdetect (a port of Shuyo's language-detection) draws random n-grams of a text and multiplies, for each draw, the
probability of every one of its 55 languages by that n-gram's weight, in a Python loop; on a chat message that is
several hundred draws for each of seven trials, about 8 ms, the largest single cost of understanding a message
(README, Figures). :class:`NumpyDetector` makes the same draws from the same seeded random generator, in the same
order, and multiplies the weights of five draws at once as numpy vectors: the same algorithm, the same profiles
and the same results (to the last few bits of rounding: a test compares the two on every evaluation message), in
a fraction of the time.
"""

from __future__ import annotations

import random
from typing import Callable, List

import numpy as np
from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException

# langdetect normalises and tests for convergence after the first draw and then after every fifth.
DRAWS_BETWEEN_CHECKS = 5


class NumpyDetector(Detector):
    """A langdetect ``Detector`` whose ``_detect_block`` works on numpy vectors."""

    def _detect_block(self) -> None:
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        distinct = list(dict.fromkeys(ngrams))
        row_of = {ngram: row for row, ngram in enumerate(distinct)}
        rows: List[int] = [row_of[ngram] for ngram in ngrams]
        weights = np.array([self.word_lang_prob_map[ngram] for ngram in distinct], dtype=np.float64)
        languages = len(self.langlist)
        start = (np.array(self.prior_map, dtype=np.float64) if self.prior_map is not None
                 else np.full(languages, 1.0 / languages))
        total = np.zeros(languages)
        self.random.seed(self.seed)
        draw = _drawing(self.random, rows)
        for _ in range(self.n_trial):
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            smoothed = weights + alpha / self.BASE_FREQ
            prob = start * smoothed[draw()]
            draws = 0
            while True:
                prob /= prob.sum()
                if prob.max() > self.CONV_THRESHOLD or draws >= self.ITERATION_LIMIT:
                    break
                prob *= smoothed[[draw() for _ in range(DRAWS_BETWEEN_CHECKS)]].prod(axis=0)
                draws += DRAWS_BETWEEN_CHECKS
            total += prob / self.n_trial
        self.langprob = total.tolist()


def _drawing(generator: random.Random, rows: List[int]) -> Callable[[], int]:
    """``generator.choice(rows)`` as a function: the same numbers drawn from the generator in the same way (Python
    3.10's ``_randbelow_with_getrandbits``), without the method calls around them."""
    getrandbits = generator.getrandbits
    count = len(rows)
    bits = count.bit_length()

    def draw() -> int:
        index = getrandbits(bits)
        while index >= count:
            index = getrandbits(bits)
        return rows[index]

    return draw


def create(factory: DetectorFactory) -> NumpyDetector:
    """A detector with the factory's profiles and seed, as ``factory.create()`` makes langdetect's own."""
    return NumpyDetector(factory)
