"""Khmer spellings that people type for one another, compared as one.

Subscript ta (្ត) and subscript da (្ដ) look alike in most fonts and are typed for each other: the dictionary (Chuon
Nath) spells ផ្ដល់, សួស្ដី, ម្ដង, ប្ដូរ with da, and many people type them with ta. Matching folds both to da; the
catalogs use the dictionary's spelling.
"""

SUBSCRIPT_TA = "\u17d2\u178f"
SUBSCRIPT_DA = "\u17d2\u178a"


def fold_subscripts(text: str) -> str:
    """``text`` with every subscript ta written as subscript da (same length, so offsets hold)."""
    return text.replace(SUBSCRIPT_TA, SUBSCRIPT_DA)
