"""The connector's update queue, written through to the database.

python-telegram-bot's long polling confirms a batch of updates to Telegram by asking for the next one, and a
webhook answers 200 as soon as the update is queued: either way an update being answered when the process is
killed would be lost. This queue stores each update (encrypted) before it is queued, so before Telegram is told it
arrived; the connector deletes it once handled and queues what is left again when it starts. A database out of
reach never holds an update back: it is queued anyway.

With several connectors (``bot/telegram/claims.py``) an update is queued only by the connector that claims it,
and every second each connector also queues what a stopped one received and did not answer.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import timedelta
from typing import Any, List, Optional, Tuple

from telegram import Update

from bot.telegram.claims import BUSY, DONE, MINE, Claims
from bot.telegram.dedupe import fingerprint
from bot.telegram.identity import pseudonym
from bot.telegram.store import ConnectorStore

logger = logging.getLogger(__name__)

RESCUE_EVERY = 1.0  # seconds
RESCUE_AFTER = timedelta(seconds=2)  # an update younger than this is still on its way to the connector's queue


class Inbox(asyncio.Queue):  # type: ignore[type-arg]
    def __init__(self, store: ConnectorStore, claims: Claims) -> None:
        super().__init__()
        self.store, self.claims = store, claims

    async def put(self, item: Any) -> None:
        if isinstance(item, Update):
            mark = fingerprint(item)
            claim = await self.claims.claim(mark)
            if claim == DONE:
                return  # a copy of an update answered already
            # Kept even when a live connector has it: that one may be killed before it kept the update itself
            # (the balancer then sends the update here), and the rescue answers it from the inbox.
            user = item.effective_user
            try:
                await self.store.run(self.store.keep, mark, pseudonym(user.id) if user else None,
                                     json.dumps(item.to_dict()))
            except Exception as error:  # noqa: BLE001 - the update is answered even if it cannot be kept
                logger.error("An update could not be kept in the inbox (%s).", type(error).__name__)
            if claim != MINE:
                return  # a live connector has it
        await super().put(item)

    async def replay(self, bot: Any, older_than: timedelta = timedelta(0), when_down: str = MINE) -> int:
        """Queues the updates received and not finished (by a previous run, or by a connector that stopped) that
        no live connector has; returns how many."""
        try:
            kept: List[Tuple[str, str]] = await self.store.run(self.store.unfinished, older_than)
        except Exception as error:  # noqa: BLE001 - nothing to replay is better than not starting
            logger.error("The inbox could not be read (%s).", type(error).__name__)
            return 0
        queued = 0
        for mark, raw in kept:
            if await self.claims.claim(mark, when_down) != MINE:
                continue
            update: Optional[Update] = Update.de_json(json.loads(raw), bot)
            if update is not None:
                await super().put(update)
                queued += 1
        if queued:
            logger.info("Answering %s updates received before a restart.", queued)
        return queued

    async def rescue(self, bot: Any) -> None:
        """With several connectors, every second: the updates a stopped connector had and did not answer (while
        Redis is out of reach, none: the connector that has them may well be alive)."""
        if not self.claims.shared.enabled:
            return
        while True:
            await asyncio.sleep(RESCUE_EVERY)
            await self.replay(bot, RESCUE_AFTER, when_down=BUSY)
