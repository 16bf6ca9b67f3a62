"""Turning Lifeline's replies into Telegram messages: HTML-escaped text in pieces of at most 4,096 characters,
and buttons as inline keyboards whose ``callback_data`` fits Telegram's 64 bytes."""

from __future__ import annotations

import hashlib
import html
import re
from typing import Any, Dict, List, Optional, Sequence

from sqlalchemy.orm import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.models import CallbackPayload

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64
_SENTENCE_END = re.compile(r"(?<=[.!?。！？។៕])\s+|(?<=[。！？។៕])|\n")


def split_text(text: str, limit: int = MAX_TEXT) -> List[str]:
    """Pieces of at most ``limit`` characters, cut after a sentence or a line where possible, never mid-word
    unless a single word is longer than the limit."""
    pieces: List[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        cuts = [m.end() for m in _SENTENCE_END.finditer(window) if 0 < m.end() <= limit]
        cut = cuts[-1] if cuts else (window.rfind(" ") if window.rfind(" ") > 0 else limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def as_html(text: str) -> str:
    """Text for ``parse_mode=HTML``: everything escaped, since replies carry no markup of their own."""
    return html.escape(text, quote=False)


def callback_data(session: Optional[Session], payload: str) -> str:
    """``payload`` itself when it fits in 64 bytes, otherwise a short key stored in the database (``session`` is
    needed only then)."""
    if len(payload.encode("utf-8")) <= MAX_CALLBACK_BYTES:
        return payload
    if session is None:
        raise ValueError("a payload over 64 bytes needs a database session")
    key = "#" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]
    if session.get(CallbackPayload, key) is None:
        session.add(CallbackPayload(key=key, payload=payload))
    return key


def payload_of(session: Session, data: str) -> Optional[str]:
    """The payload a button press stands for."""
    if not data.startswith("#"):
        return data
    stored = session.get(CallbackPayload, data)
    return stored.payload if stored else None


def keyboard(session: Optional[Session], buttons: Sequence[Dict[str, Any]]) -> Optional[InlineKeyboardMarkup]:
    """One button a row (titles can be long in some languages)."""
    rows = [
        [InlineKeyboardButton(button["title"], callback_data=callback_data(session, button["payload"]))]
        for button in buttons
        if button.get("title") and button.get("payload")
    ]
    return InlineKeyboardMarkup(rows) if rows else None
