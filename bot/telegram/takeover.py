"""The Telegram side of a live takeover (``bot/cases/live.py``): who is talking to a member of staff, the staff's
messages sent in order from the outbox, the staff group's alerts, and the emergency numbers again for a person no
human has answered for a while.

Every connector follows who is taken over; only one at a time (the holder of a PostgreSQL advisory lock,
``bot/storage/leader.py``) sends the outbox and the alerts, so that none goes out twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime
from typing import Any, Awaitable, Callable, Dict, Mapping, Optional, Set

from telegram.error import BadRequest, Forbidden

from bot.cases import live
from bot.config import Settings
from bot.storage.leader import OUTBOX_LOCK, Leadership
from bot.telegram import words
from bot.telegram.shared import Shared
from bot.telegram.store import ConnectorStore, LiveWork

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.25  # how soon a takeover and the staff's messages reach the chat
RETRY_SECONDS = 2.0
SAFETY_REPEAT = 600.0  # seconds between two sets of emergency numbers for a person waiting in a takeover

Send = Callable[[Any, int, Optional[str], Mapping[str, Any]], Awaitable[Any]]
SendText = Callable[[Any, int, str], Awaitable[Any]]


class Takeover:
    def __init__(self, settings: Settings, store: ConnectorStore, shared: Shared, say: Send, send_text: SendText,
                 written: Callable[[], Awaitable[None]]) -> None:
        self.settings, self.store, self.shared = settings, store, shared
        self._say, self._send_text, self._written = say, send_text, written
        self.leadership = Leadership(store.engine, OUTBOX_LOCK)
        self.taken_over: Set[str] = set()  # refreshed by run()
        self._safety_sent: Dict[str, float] = {}

    async def safety_due(self, sender: str, waiting_since: datetime) -> bool:
        """The emergency numbers for a person no human has answered for a while (at most every few minutes, across
        every connector)."""
        if not live.left_waiting(waiting_since):
            return False
        across = await self.shared.once_within(f"safety:{sender}", SAFETY_REPEAT)
        last = self._safety_sent.get(sender)
        if across is False or (across is None and last is not None and time.monotonic() - last < SAFETY_REPEAT):
            return False
        self._safety_sent[sender] = time.monotonic()
        return True

    async def run(self, bot: Any) -> None:
        """Follows takeovers; the leading connector also sends the staff's messages (in order) and the staff
        group's alerts."""
        while True:
            try:
                work = await self.store.run(self._look_for_work)
                self.taken_over = work.taken
                for message in work.outgoing:
                    await self._deliver(bot, message, work.chats.get(str(message["sender_key"])))
                for alert_id, public_id, reason in work.alerts:
                    await self._alert(bot, alert_id, public_id, reason)
            except Exception:  # noqa: BLE001 - the next round tries again
                logger.exception("Sending the staff's messages failed; trying again.")
                await asyncio.sleep(RETRY_SECONDS)
            await asyncio.sleep(POLL_SECONDS)

    def _look_for_work(self) -> LiveWork:
        """One round's database work, in one trip off the event loop."""
        leads = self.leadership.held()
        return self.store.live_work(leads, leads and self.settings.telegram_staff_chat_id is not None)

    async def _deliver(self, bot: Any, message: Mapping[str, Any], chat_id: Optional[int]) -> None:
        sender = str(message["sender_key"])
        if chat_id is None:
            logger.warning("A staff message has no chat to go to (the person erased their data?).")
            await self.store.run(self.store.mark, live.undeliverable, int(message["id"]))
            return
        try:
            await self._say(bot, chat_id, sender, {"text": message["text"]})
        except (Forbidden, BadRequest):  # blocked the bot, or the chat is gone: trying again would not help
            logger.warning("Telegram refused a staff message for good; it is marked undelivered.")
            await self.store.run(self.store.mark, live.undeliverable, int(message["id"]))
            return
        await self.store.run(self.store.mark, live.delivered, int(message["id"]))
        await self._written()

    async def _alert(self, bot: Any, alert_id: int, public_id: str, reason: str) -> None:
        link = f"{self.settings.console_url}/cases/{public_id}"
        text = words.text("utter_staff_alert", self.settings.default_language,
                          {"reason": reason.replace("_", " "), "link": link})
        await self._send_text(bot, self.settings.telegram_staff_chat_id, text)
        await self.store.run(self.store.mark, live.alert_sent, alert_id)
