"""Which connector answers an update, when several receive updates behind one balancer.

An update is claimed (by its fingerprint) by the connector that received it, before it is queued; a copy that
reaches another connector, or the same one again, is not queued while the claim's holder is alive, nor once the
update is answered. Each connector proves it is alive with a heartbeat that expires within seconds, so the updates
a killed connector had claimed and not answered are claimed again (from the shared inbox) and answered by a
connector that is alive. Without Redis, or while it is out of reach, every update is the receiver's own.
"""

from __future__ import annotations

import asyncio
from typing import Iterable

from bot.telegram.dedupe import WINDOW
from bot.telegram.shared import FAILURES, Shared

MINE, BUSY, DONE = "mine", "busy", "done"
HEARTBEAT_EVERY = 1.0  # seconds
ALIVE_FOR = 3.0  # seconds a heartbeat counts: a killed connector's updates are answered by another after this

# KEYS[1] the claim; ARGV: this instance, the claim's lifetime (s), the prefix of heartbeat keys.
_CLAIM = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return 'busy' end
if holder == 'done' then return 'done' end
if holder and redis.call('EXISTS', ARGV[3] .. holder) == 1 then return 'busy' end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 'mine'
"""


class Claims:
    def __init__(self, shared: Shared) -> None:
        self.shared = shared
        self._script = shared.client.register_script(_CLAIM) if shared.client is not None else None

    async def claim(self, mark: str, when_down: str = MINE) -> str:
        """MINE to answer the update; BUSY when a live connector (this one too) has it; DONE once answered;
        ``when_down`` while Redis is out of reach."""
        if self._script is None:
            return MINE
        try:
            result = await self._script(keys=[self.shared.key("update", mark)],
                                        args=[self.shared.instance, int(WINDOW.total_seconds()),
                                              self.shared.key("alive", "")])
        except FAILURES as error:
            self.shared.failed("taking each update on once", error)
            return when_down
        return result.decode() if isinstance(result, bytes) else str(result)

    async def answered(self, marks: Iterable[str]) -> None:
        """Marks updates as answered, so that no copy of them is answered again within the dedupe window."""
        client = self.shared.client
        marks = list(marks)
        if client is None or not marks:
            return
        try:
            async with client.pipeline(transaction=False) as pipe:
                for mark in marks:
                    pipe.set(self.shared.key("update", mark), DONE, ex=int(WINDOW.total_seconds()))
                await pipe.execute()
        except FAILURES as error:
            self.shared.failed("taking each update on once", error)

    async def heartbeat(self) -> None:
        """Tells the other connectors this one is alive, until cancelled."""
        client = self.shared.client
        if client is None:
            return
        while True:
            try:
                await client.set(self.shared.key("alive", self.shared.instance), 1, px=int(ALIVE_FOR * 1000))
            except FAILURES as error:
                self.shared.failed("the heartbeat", error)
            await asyncio.sleep(HEARTBEAT_EVERY)
