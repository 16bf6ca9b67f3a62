"""The Redis server several Telegram connectors share (``LIFELINE_REDIS_URL``): update claims, flood windows, chat
locks and "at most once in a while" marks live there, not in one process's memory.

Without it a connector keeps that state in its own memory (one connector, the embedded default). When it is out of
reach, each use falls back to the process's own state and the incident is logged: a person is never left without
an answer because Redis is down.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Optional

from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

PREFIX = "lifeline:tg:"
TIMEOUT = 1.0  # seconds: a Redis that does not answer by then counts as down for this use
REPORT_EVERY = 30.0  # seconds between two log lines about the same outage

FAILURES = (RedisError, OSError)


class Shared:
    """The connection, this process's instance id, and the log of outages."""

    def __init__(self, url: Optional[str]) -> None:
        self.client: Optional[Redis] = (Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)
                                        if url else None)
        self.instance = uuid.uuid4().hex[:12]
        self._reported = 0.0

    @property
    def enabled(self) -> bool:
        return self.client is not None

    def key(self, *parts: str) -> str:
        return PREFIX + ":".join(parts)

    def failed(self, what: str, error: BaseException) -> None:
        """Logs an outage (once every few seconds, not once a message)."""
        now = time.monotonic()
        if now - self._reported >= REPORT_EVERY:
            self._reported = now
            logger.error("Redis is out of reach (%s: %s); %s falls back to this process's own state.",
                         type(error).__name__, error, what)

    async def once_within(self, name: str, seconds: float) -> Optional[bool]:
        """True the first time ``name`` is marked within ``seconds`` across every connector; None without Redis."""
        if self.client is None:
            return None
        try:
            return bool(await self.client.set(self.key("once", name), self.instance, nx=True, px=int(seconds * 1000)))
        except FAILURES as error:
            self.failed("a once-in-a-while mark", error)
            return None

    async def close(self) -> None:
        if self.client is not None:
            await self.client.close()
