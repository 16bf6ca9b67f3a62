"""Text folded for matching words: case-folded, and Latin letters without their diacritics (đ becomes d), so
"Phnom Pénh", "PHNOM PENH" and "phnom penh" compare as one; Khmer subscripts typed for one another fold together."""

from __future__ import annotations

import unicodedata
from typing import List, Tuple

from bot.i18n.khmer import fold_subscripts


def is_latin(char: str) -> bool:
    """A Latin letter (with or without diacritics), or a diacritic written apart from its letter."""
    return (char.isascii() or "\u00c0" <= char <= "\u024f" or "\u1e00" <= char <= "\u1eff"
            or "\u0300" <= char <= "\u036f")


def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).casefold()
    if not is_latin(char):
        return folded
    folded = folded.replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))


def fold(text: str) -> Tuple[str, List[int]]:
    """``text`` folded, and for each folded character its index in ``text`` (to map a match back)."""
    chars: List[str] = []
    origin: List[int] = []
    for index, char in enumerate(text):
        for folded in _fold_char(char):
            chars.append(folded)
            origin.append(index)
    # Khmer subscript ta and da are typed for one another (ផ្តល់, ផ្ដល់): two characters for two, so origins hold.
    return fold_subscripts("".join(chars)), origin


def fold_text(text: str) -> str:
    return fold(text)[0]
