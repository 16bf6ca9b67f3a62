"""Rendering a response of the domain in the person's language: text, buttons and placeholders."""

from __future__ import annotations

import copy
import logging
import re
from functools import lru_cache
from typing import Any, Callable, Dict, List, Optional

import yaml

from bot.config import DOMAIN
from bot.i18n.catalogs import translate

logger = logging.getLogger(__name__)

# Only plain names in braces are placeholders; JSON in button payloads is left alone.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

Lookup = Callable[[str], Optional[str]]


def placeholders(text: str) -> List[str]:
    return PLACEHOLDER.findall(text or "")


def fill(text: str, lookup: Lookup) -> str:
    """Replaces each ``{name}`` with its value; an unknown placeholder becomes empty (and is logged)."""

    def value(match: "re.Match[str]") -> str:
        found = lookup(match.group(1))
        if found is None:
            logger.warning("No value for placeholder {%s}", match.group(1))
            return ""
        return str(found)

    filled = PLACEHOLDER.sub(value, text)
    # A placeholder that was empty must not leave a blank line behind.
    return re.sub(r"\n{2,}", "\n", filled).strip()


def render(response: Dict[str, Any], language: str, lookup: Lookup) -> Dict[str, Any]:
    """A copy of ``response`` with its text and button titles translated and filled in."""
    rendered = copy.deepcopy(response)
    rendered.pop("condition", None)
    rendered.pop("channel", None)
    if rendered.get("text"):
        rendered["text"] = fill(_translated(language, rendered["text"]), lookup)
    for button in rendered.get("buttons") or []:
        button["title"] = fill(_translated(language, button["title"]), lookup)
    return rendered


def translatable(text: str) -> bool:
    """False for a text made only of placeholders (a name from CLDR): there is nothing to translate."""
    return bool(PLACEHOLDER.sub("", text or "").strip())


def _translated(language: str, text: str) -> str:
    return translate(language, text) if translatable(text) else text


def response(name: str) -> Dict[str, Any]:
    """The domain's response ``name`` (its first variant), not yet rendered."""
    return domain_responses()[name][0]


@lru_cache(maxsize=1)
def domain_responses() -> Dict[str, List[Dict[str, Any]]]:
    """The responses of the domain files, read without Rasa (for processes that run without a model)."""
    responses: Dict[str, List[Dict[str, Any]]] = {}
    for path in sorted(DOMAIN.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        responses.update(data.get("responses") or {})
    return responses
