"""A small statistical vote between Malay and Indonesian, learnt from the project's own chat-style examples.

langdetect has no Malay profile, and the two languages share most of their words; the character n-grams of how
each is typed in chat (``nlu/ms`` and ``nlu/id``) add evidence where the marker words are silent.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, List


from bot.training_data import nlu_examples

NGRAMS = (2, 3, 4)


def char_ngrams(text: str) -> List[str]:
    grams: List[str] = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in NGRAMS:
            grams += [padded[i:i + n] for i in range(max(len(padded) - n + 1, 0))]
    return grams


@dataclass(frozen=True)
class NaiveBayes:
    log_prob: Dict[str, Dict[str, float]]
    unseen: Dict[str, float]

    def log_odds(self, text: str, first: str = "ms", second: str = "id") -> float:
        """log P(text | first) - log P(text | second), per n-gram (so long and short messages compare)."""
        grams = char_ngrams(text)
        if not grams:
            return 0.0
        total = sum(self.log_prob[first].get(g, self.unseen[first]) - self.log_prob[second].get(g, self.unseen[second])
                    for g in grams)
        return total / len(grams)


def train(examples: Dict[str, Iterable[str]], alpha: float = 0.5) -> NaiveBayes:
    counts = {label: Counter(g for text in texts for g in char_ngrams(text)) for label, texts in examples.items()}
    vocabulary = set().union(*counts.values())
    log_prob, unseen = {}, {}
    for label, counter in counts.items():
        total = sum(counter.values()) + alpha * len(vocabulary)
        log_prob[label] = {g: math.log((c + alpha) / total) for g, c in counter.items()}
        unseen[label] = math.log(alpha / total)
    return NaiveBayes(log_prob, unseen)


@lru_cache(maxsize=1)
def model() -> NaiveBayes:
    """Trained on first use from ``nlu/ms`` and ``nlu/id``."""
    return train({language: [example.text for example in nlu_examples(language)] for language in ("ms", "id")})
