"""Deleting a person's messages from their Telegram chat, from any process that erases them.

Telegram lets a bot delete the messages of a private chat for 48 hours. The message ids and the (encrypted) chat
id are read before the erasure removes them (a hook of ``bot/storage/erasure.py``), and the deletion is asked of
the Bot API directly, so that /wipe, "delete my data", the console and the retention schedule all delete what
Telegram still allows.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import List

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.config import Settings, settings
from bot.storage.crypto import decrypt
from bot.storage.erasure import before_erasure
from bot.telegram.models import ChatMessage, TelegramPerson

logger = logging.getLogger(__name__)

DELETE_WINDOW = timedelta(hours=48)
PER_CALL = 100  # deleteMessages takes at most 100 ids
TIMEOUT = 10.0


def deletable(session: Session, sender: str) -> List[int]:
    return sorted(set(session.execute(
        select(ChatMessage.message_id).where(ChatMessage.sender_key == sender,
                                             ChatMessage.sent_at >= utcnow() - DELETE_WINDOW)
    ).scalars()))


def delete_chat(session: Session, sender: str, settings: Settings) -> int:
    """Asks Telegram to delete the person's messages it still allows; returns how many ids were asked for. A
    refusal or an unreachable Bot API is logged and does not stop the erasure."""
    person = session.get(TelegramPerson, sender)
    ids = deletable(session, sender)
    if not settings.telegram_token or person is None or not person.chat_id or not ids:
        return 0
    chat_id = int(decrypt(person.chat_id))
    url = f"{settings.telegram_api_url}/bot{settings.telegram_token}/deleteMessages"
    for start in range(0, len(ids), PER_CALL):
        try:
            httpx.post(url, json={"chat_id": chat_id, "message_ids": ids[start:start + PER_CALL]},
                       timeout=TIMEOUT).raise_for_status()
        except httpx.HTTPError as error:
            logger.warning("Telegram did not delete some messages of a chat being erased (%s).",
                           type(error).__name__)
    return len(ids)


@before_erasure
def delete_chat_before_erasure(session: Session, sender: str) -> None:
    delete_chat(session, sender, settings())
