"""The connector's update queue, written through to the database.

python-telegram-bot's long polling confirms a batch of updates to Telegram by asking for the next one, and a
webhook answers 200 as soon as the update is queued: either way an update being answered when the process is
killed would be lost. This queue stores each update (encrypted) before it is queued, so before Telegram is told it
arrived; the connector deletes it once handled and queues what is left again when it starts. A database out of
reach never holds an update back: it is queued anyway.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, List, Optional

from telegram import Update

from bot.telegram.dedupe import fingerprint
from bot.telegram.identity import pseudonym
from bot.telegram.store import ConnectorStore

logger = logging.getLogger(__name__)


class Inbox(asyncio.Queue):  # type: ignore[type-arg]
    def __init__(self, store: ConnectorStore) -> None:
        super().__init__()
        self.store = store

    async def put(self, item: Any) -> None:
        if isinstance(item, Update):
            user = item.effective_user
            try:
                await self.store.run(self.store.keep, fingerprint(item), pseudonym(user.id) if user else None,
                                     json.dumps(item.to_dict()))
            except Exception as error:  # noqa: BLE001 - the update is answered even if it cannot be kept
                logger.error("An update could not be kept in the inbox (%s).", type(error).__name__)
        await super().put(item)

    async def replay(self, bot: Any) -> int:
        """Queues the updates a previous run received and did not finish; returns how many."""
        try:
            kept: List[str] = await self.store.run(self.store.unfinished)
        except Exception as error:  # noqa: BLE001 - nothing to replay is better than not starting
            logger.error("The inbox could not be read (%s).", type(error).__name__)
            return 0
        for raw in kept:
            update: Optional[Update] = Update.de_json(json.loads(raw), bot)
            if update is not None:
                await super().put(update)
        if kept:
            logger.info("Answering %s updates received before a restart.", len(kept))
        return len(kept)
