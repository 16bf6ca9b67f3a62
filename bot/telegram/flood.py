"""How fast one person may write: a sliding window per person, with a separate, generous one for /sos; in this
process, or in Redis when several connectors share the work."""

from __future__ import annotations

import time
import uuid
from collections import defaultdict, deque
from typing import Deque, Dict, Optional

from bot.telegram.shared import FAILURES, Shared

FLOOD_MESSAGES, FLOOD_SECONDS = 20, 60.0
SOS_MESSAGES, SOS_SECONDS = 10, 60.0  # /sos has a limit of its own, far above what a person in danger needs


class FloodGate:
    """At most ``limit`` updates a person in ``seconds``; the first refused one is told to slow down."""

    def __init__(self, limit: int = FLOOD_MESSAGES, seconds: float = FLOOD_SECONDS) -> None:
        self.limit, self.seconds = limit, seconds
        self._seen: Dict[str, Deque[float]] = defaultdict(deque)

    def admit(self, person: str, now: Optional[float] = None) -> Optional[bool]:
        """True to go on; False to refuse and warn; None to refuse silently (already warned)."""
        now = time.monotonic() if now is None else now
        seen = self._seen[person]
        while seen and now - seen[0] > self.seconds:
            seen.popleft()
        seen.append(now)
        if len(seen) <= self.limit:
            return True
        return False if len(seen) == self.limit + 1 else None

    def forget_idle(self, now: Optional[float] = None) -> None:
        """Drops the people who have not written within the window, so memory follows the active people only."""
        now = time.monotonic() if now is None else now
        for person in [p for p, seen in self._seen.items() if not seen or now - seen[-1] > self.seconds]:
            del self._seen[person]


def sos_gate() -> FloodGate:
    return FloodGate(SOS_MESSAGES, SOS_SECONDS)


class SharedFloodGate:
    """The same window kept in Redis, so that it counts a person's updates at every connector; this process's own
    ``FloodGate`` while Redis is out of reach (or not configured)."""

    def __init__(self, shared: Shared, local: FloodGate, name: str) -> None:
        self.shared, self.local, self.name = shared, local, name

    async def admit(self, person: str) -> Optional[bool]:
        client = self.shared.client
        if client is None:
            return self.local.admit(person)
        key, now = self.shared.key("flood", self.name, person), time.time()
        try:
            async with client.pipeline(transaction=True) as pipe:
                pipe.zremrangebyscore(key, 0, now - self.local.seconds)
                pipe.zadd(key, {f"{now:.6f}:{uuid.uuid4().hex[:8]}": now})
                pipe.zcard(key)
                pipe.expire(key, int(self.local.seconds) + 1)
                seen = (await pipe.execute())[2]
        except FAILURES as error:
            self.shared.failed("the flood limit", error)
            return self.local.admit(person)
        if seen <= self.local.limit:
            return True
        return False if seen == self.local.limit + 1 else None
