"""Taking each Telegram update on once, within a bounded window.

Telegram sends an update again when the offset that confirms it was not seen (a restart mid-update). Such a copy
has the same ``update_id`` and the same content. Update ids are not forever, though: after a week without updates
Telegram picks the next id at random, and a new bot token or a self-hosted Bot API server starts again at 1. So an
update counts as seen only when both its id and its fingerprint (a keyed hash of what identifies its message) were
recorded, and only for ``WINDOW``; older records are pruned.
"""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta
from typing import Dict, Optional, Tuple

from telegram import Update

from bot.telegram.identity import pseudonym

WINDOW = timedelta(hours=6)


def fingerprint(update: Update, key: Optional[bytes] = None) -> str:
    """A hash of the chat (by its pseudonym), message (or button press) and time of an update: the same for a
    redelivered copy, different for another update that happens to reuse the id."""
    message = update.effective_message
    query = update.callback_query
    parts = [str(update.update_id)]
    if query is not None:
        parts += ["callback", str(query.id)]
    elif message is not None:
        stamp = message.edit_date or message.date
        parts += ["message", pseudonym(message.chat_id, key), str(message.message_id),
                  str(stamp.timestamp() if stamp else "")]
    return hashlib.sha256(":".join(parts).encode()).hexdigest()[:32]


class RecentUpdates:
    """The updates this process took on, for ``WINDOW``: the first check, before the database's."""

    def __init__(self, window: timedelta = WINDOW) -> None:
        self.seconds = window.total_seconds()
        self._seen: Dict[int, Tuple[str, float]] = {}

    def take_on(self, update_id: int, mark: str, now: Optional[float] = None) -> bool:
        """False when this very update was taken on already; records it otherwise."""
        now = time.monotonic() if now is None else now
        known = self._seen.get(update_id)
        if known is not None and known[0] == mark and now - known[1] <= self.seconds:
            return False
        self._seen[update_id] = (mark, now)
        return True

    def prune(self, now: Optional[float] = None) -> None:
        now = time.monotonic() if now is None else now
        self._seen = {key: seen for key, seen in self._seen.items() if now - seen[1] <= self.seconds}
