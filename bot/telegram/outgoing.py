"""Turning Lifeline's replies into Telegram messages: the replies to one message joined into as few Telegram
messages as keep each keyboard under its own text, HTML-escaped text in pieces of at most 4,096 characters, and
buttons as inline keyboards whose ``callback_data`` fits Telegram's 64 bytes."""

from __future__ import annotations

import asyncio
import hashlib
import html
import logging
import re
from typing import Any, Dict, List, Mapping, Optional, Sequence

from sqlalchemy.orm import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.telegram.models import CallbackPayload

logger = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64
SEND_ATTEMPTS = 4
_SENTENCE_END = re.compile(r"(?<=[.!?。！？។៕])\s+|(?<=[。！？។៕])|\n")


def joined(replies: Sequence[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """The replies to one message as Telegram messages: texts joined (a blank line between them) up to and with the
    next reply that has buttons, which go under the joined text; one message for a turn with one keyboard at most,
    at its end."""
    messages: List[Dict[str, Any]] = []
    texts: List[str] = []
    for reply in replies:
        text = (reply.get("text") or "").strip()
        if text:
            texts.append(text)
        if reply.get("buttons"):
            messages.append({"text": "\n\n".join(texts), "buttons": reply["buttons"]})
            texts = []
    if texts:
        messages.append({"text": "\n\n".join(texts)})
    return messages


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


async def send_silently(bot: Any, chat_id: int, text: str, markup: Any, reply_to: Optional[int]) -> Message:
    """sendMessage without a notification or a link preview, retried with backoff on network errors (429s are
    retried by the rate limiter, after the ``retry_after`` Telegram asks for)."""
    for attempt in range(SEND_ATTEMPTS):
        try:
            return await bot.send_message(
                chat_id=chat_id,
                text=as_html(text),
                parse_mode=ParseMode.HTML,
                disable_notification=True,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_markup=markup,
                reply_parameters=ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None,
            )
        except (RetryAfter, BadRequest):  # BadRequest is a NetworkError that no retry mends
            raise
        except (TimedOut, NetworkError) as error:
            if attempt == SEND_ATTEMPTS - 1:
                raise
            # Telegram may have delivered a message whose answer did not come: sent again, it arrives twice.
            logger.warning("Sending a message failed (%s); trying again.", type(error).__name__)
            await asyncio.sleep(0.5 * 2 ** attempt)
    raise RuntimeError("unreachable")
