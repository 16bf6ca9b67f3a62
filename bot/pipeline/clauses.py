"""Splitting a long message into the sentences and clauses a person strings together.

Latin-script text breaks at sentence punctuation, commas, line breaks, semicolons and, in a long run-on without
punctuation, before the words that start a new clause (and, but, then, và, nhưng, terus, lalu, 然后...). Chinese
breaks at 。！？；，and the full-width forms; Thai and Khmer, which put no spaces between words, break at the spaces
that separate their sentences and at ។ ៕. Short pieces are joined to the one before, so no clause is a lone word.
"""

from __future__ import annotations

import re
import unicodedata
from typing import List

MIN_LETTERS = 12
# Ends of sentences and clauses in every script Lifeline reads.
_BREAKS = re.compile(r"(?:[.!?;,]+(?=\s|$)|[\n\r]+|[。！？；，、!?]+|[។៕]+|\s[-–—]\s|(?<=[\u0e00-\u0e7f\u1780-\u17ff])\s+)")
# Words that open a new clause in a run-on written without punctuation (voice-to-text, hurried typing).
_OPENERS = re.compile(
    r"\s(?=(?:and then|but|then|because|now|and they|they|và|va|nhưng|nhung|rồi|roi|xong|bây giờ|bay gio|"
    r"hiện tại|hien tai|giờ|gio|"
    r"terus|lalu|tapi|sekarang|dan mereka|mereka|sebab|kerana|pastu|lepas tu|tapos|pero|ngayon|kasi|sila)\s)",
    re.IGNORECASE,
)


def _letters(piece: str) -> int:
    """Letters and the vowel signs of Thai and Khmer, which Unicode counts as marks."""
    return sum(unicodedata.category(ch)[0] in "LM" for ch in piece)


def split_clauses(text: str) -> List[str]:
    """The clauses of ``text`` in order; a short message is one clause."""
    pieces: List[str] = []
    for sentence in _BREAKS.split(text):
        parts = _OPENERS.split(sentence) if _letters(sentence) > 4 * MIN_LETTERS else [sentence]
        for part in parts:
            part = part.strip()
            if not part or not _letters(part):
                continue
            if pieces and (_letters(part) < MIN_LETTERS // (3 if _dense(part) else 1)
                           or _letters(pieces[-1]) < MIN_LETTERS // (3 if _dense(pieces[-1]) else 1)):
                pieces[-1] = f"{pieces[-1]} {part}"
            else:
                pieces.append(part)
    return pieces or [text]


def _dense(piece: str) -> bool:
    """Chinese packs a clause into a few characters."""
    return bool(re.search(r"[\u3400-\u9fff\uf900-\ufaff]", piece))
