"""One message of a person at a time, across every connector: a lock per person in this process (which keeps
their messages in the order this process took them on) and, with several connectors, a Redis lock too.

The Redis lock expires a few seconds after its holder stops renewing it, so a killed connector holds nobody's
conversation for long. If Redis is out of reach, the person is answered under this process's lock alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from typing import AsyncIterator, Dict, Optional

from redis.asyncio.lock import Lock as RedisLock
from redis.exceptions import LockError

from bot.telegram.shared import FAILURES, Shared

logger = logging.getLogger(__name__)

HELD_FOR = 8.0  # seconds a lock outlives its last renewal
RENEW_EVERY = 2.0
WAIT_AT_MOST = 60.0  # seconds to wait for another connector's answer to the same person


class ChatLocks:
    def __init__(self, shared: Shared) -> None:
        self.shared = shared
        self._local: Dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    @contextlib.asynccontextmanager
    async def hold(self, sender: str) -> AsyncIterator[None]:
        async with self._local[sender]:
            shared = await self._acquire(sender)
            renewing = asyncio.ensure_future(self._renew(shared)) if shared is not None else None
            try:
                yield
            finally:
                if renewing is not None:
                    renewing.cancel()
                    await self._release(shared)

    def forget_idle(self) -> None:
        """Drops the locks nobody holds or waits for."""
        for sender in [s for s, lock in self._local.items() if not lock.locked()]:
            del self._local[sender]

    async def _acquire(self, sender: str) -> Optional[RedisLock]:
        if self.shared.client is None:
            return None
        lock = self.shared.client.lock(self.shared.key("chat", sender), timeout=HELD_FOR,
                                       blocking_timeout=WAIT_AT_MOST)
        try:
            if await lock.acquire():
                return lock
            logger.warning("Another connector held a person's conversation for %.0f s; answering anyway.",
                           WAIT_AT_MOST)
        except FAILURES as error:
            self.shared.failed("the order of a person's messages", error)
        return None

    async def _renew(self, lock: RedisLock) -> None:
        while True:
            await asyncio.sleep(RENEW_EVERY)
            try:
                await lock.reacquire()
            except LockError:  # expired (the event loop was stalled): the answer goes on regardless
                logger.warning("A person's conversation lock expired while their answer was being sent.")
                return
            except FAILURES as error:
                self.shared.failed("the order of a person's messages", error)

    async def _release(self, lock: RedisLock) -> None:
        try:
            await lock.release()
        except LockError:  # expired meanwhile: nothing left to release
            pass
        except FAILURES as error:
            self.shared.failed("the order of a person's messages", error)
