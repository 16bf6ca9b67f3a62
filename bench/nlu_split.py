"""A fixed held-out split of the project's NLU examples, per language and intent.

Each example's side is decided by a hash of its language, intent and text alone, so an example stays on its side
when others are added, changed or removed: two runs of ``make eval`` score the same held-out messages, apart from the
new ones."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Dict, List, Tuple


from bot.training_data import Example

HELD_OUT_SHARE = 0.25


def draw(example: Example) -> float:
    """Where an example falls in [0, 1): the same for the same language, intent and text, in every run."""
    digest = hashlib.sha256(f"{example.language}\0{example.intent}\0{example.text}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split(examples: List[Example]) -> Tuple[List[Example], List[Example]]:
    """Train and test: about a quarter of each language's examples of each intent is held out (at least one)."""
    groups: Dict[Tuple[str, str], List[Example]] = {}
    for example in examples:
        groups.setdefault((example.language, example.intent), []).append(example)
    train, test = [], []
    for key in sorted(groups):
        group = sorted(groups[key], key=draw)
        cut = max(1, sum(draw(e) < HELD_OUT_SHARE for e in group))
        test += group[:cut]
        train += group[cut:]
    return train, test


def write_rasa_nlu(examples: List[Example], path: Path) -> Path:
    by_intent: Dict[str, List[str]] = {}
    for example in examples:
        by_intent.setdefault(example.intent, []).append(example.text)
    lines = ['version: "3.1"', "nlu:"]
    for intent in sorted(by_intent):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {text}" for text in by_intent[intent]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
