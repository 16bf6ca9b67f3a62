"""Which language a conversation is answered in."""

from __future__ import annotations

from typing import Any, Mapping, Optional

from bot.config import settings
from bot.i18n.languages import supported


def conversation_language(slots: Mapping[str, Any], metadata: Optional[Mapping[str, Any]] = None) -> str:
    """The chosen or detected language (slot ``language``), else the client's language, else the default."""
    return (
        supported(slots.get("language"))
        or supported((metadata or {}).get("language_code"))
        or settings().default_language
    )
