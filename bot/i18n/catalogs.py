"""Gettext catalogs under ``locales/``: finding the translation of a source string in a language.

Compiled ``.mo`` files are used when they are up to date; otherwise the ``.po`` file is compiled in memory, so a
translator's edit is live without a build step. A missing translation falls back to English and is logged once.
"""

from __future__ import annotations

import gettext
import io
import logging
from functools import lru_cache
from pathlib import Path
from typing import Set, Tuple

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.config import LOCALES
from bot.i18n.languages import SOURCE_LANGUAGE

logger = logging.getLogger(__name__)
DOMAIN = "messages"
_reported: Set[Tuple[str, str]] = set()


def catalog_paths(language: str, root: Path = LOCALES) -> Tuple[Path, Path]:
    folder = root / language / "LC_MESSAGES"
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


@lru_cache(maxsize=None)
def translations(language: str) -> gettext.NullTranslations:
    po, mo = catalog_paths(language)
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po.exists():
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    if language != SOURCE_LANGUAGE:
        logger.warning("No catalog for language %r; answering in English.", language)
    return gettext.NullTranslations()


def translate(language: str, message: str) -> str:
    """``message`` (the English source) in ``language``; English when there is no translation."""
    if not message or language == SOURCE_LANGUAGE:
        return message
    translated = translations(language).gettext(message)
    if translated == message and (language, message) not in _reported:
        _reported.add((language, message))
        logger.warning("Missing %s translation, answering in English: %r", language, message[:60])
    return translated
