"""Whether a message shows distress, read from cue words alone (no intent model), in any language.

The classifier is linear over the cues found: each distinct cue adds its weight (a plea 1.0, a danger word 0.5,
see :mod:`bot.pipeline.cue_words`) and a message with a total of at least :data:`THRESHOLD` shows distress. So one
plea ("cứu", "救命", "tolong") is enough, and so are two danger words ("police" and "locked"), but "police" alone is
not. Every language's cues are tried on every message: the language detector may be wrong, and people mix
languages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, Mapping, Pattern, Tuple

from bot.i18n.khmer import fold_subscripts
from bot.pipeline.cue_words import DISTRESS, OWN_PLEA, SAFE_NOW, SOMEONE_ELSE, THREAT, WE

THRESHOLD = 1.0
# Scripts written without spaces between words, and Hangul, where a cue may sit inside a longer run of letters.
_RUN_ON = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})


def fold(text: str) -> str:
    """Lower case, without the diacritics of Latin letters (đ is d); other scripts keep their marks, but Khmer
    subscript ta and da, typed for one another, are one."""
    lowered = text.lower().translate(_APOSTROPHES).replace("đ", "d")
    stripped = "".join(_strip_latin_marks(unicodedata.normalize("NFD", lowered)))
    return fold_subscripts(unicodedata.normalize("NFC", stripped))


def _strip_latin_marks(decomposed: str) -> Iterable[str]:
    base = ""
    for char in decomposed:
        if unicodedata.combining(char) and base.isascii() and base.isalpha():
            continue
        base = char
        yield char


def _pattern(cues: Iterable[str]) -> Pattern[str]:
    parts = []
    for cue in sorted(set(cues), key=len, reverse=True):
        escaped = re.escape(cue)
        # A Latin cue may be typed with its last letter held down ("helppp", "tolonggg").
        held = f"{escaped}(?:{re.escape(cue[-1])})*"
        parts.append(escaped if _RUN_ON.search(cue) else rf"(?<![^\W_]){held}(?![^\W_])")
    return re.compile("|".join(parts))


@lru_cache(maxsize=None)
def _matcher(table: str) -> Tuple[Pattern[str], Dict[str, float]]:
    source: Mapping[str, object] = {"distress": DISTRESS, "someone_else": SOMEONE_ELSE, "own_plea": OWN_PLEA,
                                    "safe_now": SAFE_NOW, "we": WE, "threat": THREAT}[table]  # type: ignore[assignment]
    weights: Dict[str, float] = {}
    for cues in source.values():
        items = cues.items() if isinstance(cues, dict) else ((cue, 1.0) for cue in cues)  # type: ignore[union-attr]
        for cue, weight in items:
            folded = fold(cue)
            weights[folded] = max(weight, weights.get(folded, 0.0))
    return _pattern(weights), weights


def find_cues(text: str, table: str = "distress") -> Tuple[str, ...]:
    """The distinct cues of ``table`` (distress, someone_else, own_plea, safe_now, we, threat) in ``text``, in
    order; where cues overlap, the longest ("i need help", not also "help")."""
    pattern, weights = _matcher(table)
    found = (match.group(0) for match in pattern.finditer(fold(text)))
    return tuple(dict.fromkeys(_unheld(cue, weights) for cue in found))


def _unheld(found: str, weights: Dict[str, float]) -> str:
    """The cue a match stands for: ``helppp`` is ``help``."""
    while found not in weights and len(found) > 1 and found[-1] == found[-2]:
        found = found[:-1]
    return found


@dataclass(frozen=True)
class Distress:
    score: float
    cues: Tuple[str, ...]

    @property
    def shown(self) -> bool:
        return self.score >= THRESHOLD

    def as_dict(self) -> Dict[str, object]:
        return {"shown": self.shown, "score": round(self.score, 2), "cues": list(self.cues)}


def plea_only(text: str) -> bool:
    """Whether ``text`` is only a plea ("help me please", "tulungan niyo po kami"): cues, none of them a danger."""
    _, weights = _matcher("distress")
    cues = find_cues(text)
    return bool(cues) and all(weights[cue] >= THRESHOLD for cue in cues)


def distress_of(text: str) -> Distress:
    _, weights = _matcher("distress")
    cues = find_cues(text)
    return Distress(score=sum(weights[c] for c in cues), cues=cues)
