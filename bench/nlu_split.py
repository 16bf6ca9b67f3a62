"""A fixed held-out split of the project's NLU examples, per language and intent."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Dict, List, Tuple


from bot.training_data import Example

HELD_OUT_SHARE = 0.25


def split(examples: List[Example], seed: int = 13) -> Tuple[List[Example], List[Example]]:
    """Train and test: a quarter of each language's examples of each intent is held out."""
    groups: Dict[Tuple[str, str], List[Example]] = {}
    for example in examples:
        groups.setdefault((example.language, example.intent), []).append(example)
    train, test = [], []
    for key in sorted(groups):
        group = sorted(groups[key], key=lambda e: e.text)
        random.Random(f"{seed}-{key}").shuffle(group)
        cut = max(1, round(len(group) * HELD_OUT_SHARE))
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
