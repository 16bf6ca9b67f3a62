"""The NLU training examples under ``nlu/<language>/*.yml``, read without Rasa."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

import yaml

from bot.config import NLU


@dataclass(frozen=True)
class Example:
    language: str
    intent: str
    text: str


def nlu_examples(language: Optional[str] = None, root: Path = NLU) -> List[Example]:
    """Every intent example, in file order (only ``language``'s when it is given)."""
    examples: List[Example] = []
    for path in sorted(root.glob(f"{language or '*'}/*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" not in block:
                continue
            for line in block.get("examples", "").splitlines():
                if line.strip().startswith("- "):
                    examples.append(Example(path.parent.name, block["intent"], line.strip()[2:].strip()))
    return examples
