"""Pseudonyms: a Telegram user is known to Lifeline only by a keyed hash of their id."""

from __future__ import annotations

import hashlib
import hmac
from typing import Optional

from bot.secret import pseudonym_key


def pseudonym(telegram_user_id: int, key: Optional[bytes] = None) -> str:
    """The conversation id of a Telegram user: HMAC-SHA256 of the id under the pseudonym key."""
    digest = hmac.new(key or pseudonym_key(), f"telegram:{telegram_user_id}".encode(), hashlib.sha256).hexdigest()
    return f"tg-{digest[:40]}"
