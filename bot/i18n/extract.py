"""A Babel extractor for Rasa domain files: the text and button titles of every response.

Registered as the ``rasa_domain`` entry point of ``babel.extractors``, so ``pybabel extract -F babel.cfg`` finds the
English source strings in ``domain/*.yml``. Each message carries the response's name and its placeholders as a
comment for translators.
"""

from __future__ import annotations

from typing import Any, BinaryIO, Collection, Dict, Iterator, List, Mapping, Optional, Tuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.i18n.responses import placeholders, translatable

Extracted = Tuple[int, Optional[str], str, List[str]]


def _items(node: Node) -> Dict[str, Node]:
    if not isinstance(node, MappingNode):
        return {}
    return {key.value: value for key, value in node.value if isinstance(key, ScalarNode)}


def _message(node: Optional[Node], comments: List[str]) -> Iterator[Extracted]:
    if isinstance(node, ScalarNode) and translatable(node.value):
        names = placeholders(node.value)
        notes = comments + ([f"placeholders: {', '.join('{' + n + '}' for n in names)}"] if names else [])
        yield node.start_mark.line + 1, None, node.value, notes


def extract_rasa_domain(
    fileobj: BinaryIO, keywords: Mapping[str, Any], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[Extracted]:
    """Yields ``(line, None, message, comments)`` for each response text and button title."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    for name, variants in _items(root).get("responses", MappingNode("", [])).value:
        if not isinstance(variants, SequenceNode):
            continue
        for variant in variants.value:
            fields = _items(variant)
            yield from _message(fields.get("text"), [name.value])
            buttons = fields.get("buttons")
            for button in buttons.value if isinstance(buttons, SequenceNode) else []:
                yield from _message(_items(button).get("title"), [f"{name.value}: button"])
