"""How fast the bot sends, across every connector: Telegram allows a bot about 30 messages a second overall, one a
second to a chat (short bursts pass) and 20 a minute to a group, and answers faster sending with 429s.

python-telegram-bot's own limiter counts in one process, so K connectors together would send K times too fast.
This one keeps the schedule in Redis (``bot/telegram/shared.py``), with a generic cell rate algorithm (a
"theoretical arrival time" per key, which allows a burst and then the rate): a request that names a chat waits until
its chat may be sent to, then takes, in one atomic script, the bot's next slot and sleeps until it. Nothing is
dropped, the bot's queue is served in the order requests came (one busy chat holds nobody else back), and the event
loop never waits. Without Redis, or while it is out of reach, the same schedule is kept in this process. A 429
pauses every connector for the ``retry_after`` Telegram asks, and the request is tried again (a few times, as
python-telegram-bot's ``AIORateLimiter`` does).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import time
from dataclasses import dataclass
from typing import Any, Callable, Coroutine, Dict, List, Optional, Tuple, Union

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.telegram.shared import FAILURES, Shared

logger = logging.getLogger(__name__)

Answer = Union[bool, Dict[str, Any], List[Dict[str, Any]]]
LOCAL_KEYS = 1024  # chats remembered in this process before the idle ones are forgotten


@dataclass(frozen=True)
class Rate:
    """``per_second`` on average, and up to ``burst`` at once after a quiet spell."""

    per_second: float
    burst: int = 1

    @property
    def interval(self) -> float:
        return 1.0 / self.per_second

    @property
    def tolerance(self) -> float:
        return self.interval * (self.burst - 1)


# Messages a second for the whole bot; after a quiet spell a second's worth may go at once, as python-telegram-bot's
# own AIORateLimiter allows.
OVERALL = Rate(30, burst=30)
PRIVATE_CHAT = Rate(1, burst=3)  # a reply, a "still here" note and a long reply's pieces may go out together
GROUP = Rate(20 / 60)

# KEYS: the pause (until when, in ms of Redis's clock), the bot's schedule, the chat's; ARGV: the bot's interval
# and tolerance, the chat's (ms). The chat is checked first: a request whose chat is not free yet takes nothing and
# is told when to come back ({0, ms}), so that one busy chat never holds the bot's queue back; otherwise the request
# takes the bot's next slot, which also counts for its chat, and is told how long to wait for it ({1, ms}).
_RESERVE = """
local clock = redis.call('TIME')
local now = clock[1] * 1000 + clock[2] / 1000
local chat_due = tonumber(redis.call('GET', KEYS[3]) or 0)
if chat_due - tonumber(ARGV[4]) > now then
  return {0, math.ceil(chat_due - tonumber(ARGV[4]) - now)}
end
local due = tonumber(redis.call('GET', KEYS[2]) or 0)
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or 0), due - tonumber(ARGV[2]))
local function keep(key, value)
  redis.call('SET', key, string.format('%.3f', value), 'PX', math.ceil(value - now) + 1000)
end
keep(KEYS[2], math.max(due, at) + tonumber(ARGV[1]))
keep(KEYS[3], math.max(chat_due, at) + tonumber(ARGV[3]))
return {1, math.ceil(at - now)}
"""

# KEYS[1] the pause; ARGV[1] its length in ms. A longer pause already set is kept.
_PAUSE = """
local clock = redis.call('TIME')
local now = clock[1] * 1000 + clock[2] / 1000
local until_ = now + tonumber(ARGV[1])
if until_ > tonumber(redis.call('GET', KEYS[1]) or 0) then
  redis.call('SET', KEYS[1], string.format('%.3f', until_), 'PX', ARGV[1])
end
return 1
"""

Limit = Tuple[str, Rate]  # a schedule's key, and its rate


class Schedule:
    """The same algorithm in this process's memory (``time.monotonic`` seconds)."""

    def __init__(self) -> None:
        self._due: Dict[str, float] = {}
        self._paused_until = 0.0

    def reserve(self, overall: Limit, chat: Limit, now: Optional[float] = None) -> Tuple[bool, float]:
        """(True, seconds to wait for the slot taken), or (False, seconds after which the chat is free)."""
        now = time.monotonic() if now is None else now
        if len(self._due) > LOCAL_KEYS:
            self._due = {key: due for key, due in self._due.items() if due > now}
        (bot, bot_rate), (person, chat_rate) = overall, chat
        chat_due = self._due.get(person, 0.0)
        if chat_due - chat_rate.tolerance > now:
            return False, chat_due - chat_rate.tolerance - now
        due = self._due.get(bot, 0.0)
        at = max(now, self._paused_until, due - bot_rate.tolerance)
        self._due[bot] = max(due, at) + bot_rate.interval
        self._due[person] = max(chat_due, at) + chat_rate.interval
        return True, at - now

    def pause(self, seconds: float, now: Optional[float] = None) -> None:
        now = time.monotonic() if now is None else now
        self._paused_until = max(self._paused_until, now + seconds)


class SharedRateLimiter(BaseRateLimiter[int]):
    """Requests that name a chat wait for their slot; the others (getMe, setWebhook, answering a button) do not."""

    def __init__(self, shared: Shared, token: str, overall: Rate = OVERALL, max_retries: int = 3) -> None:
        self.shared, self.overall, self.max_retries = shared, overall, max_retries
        self.local = Schedule()
        self._token = token.encode()
        self._bot = hashlib.sha256(self._token).hexdigest()[:16]  # the token itself never goes to Redis
        client = shared.client
        self._reserve = client.register_script(_RESERVE) if client is not None else None
        self._pause = client.register_script(_PAUSE) if client is not None else None

    async def initialize(self) -> None:
        """Nothing to set up: Redis is reached through the connector's shared client."""

    async def shutdown(self) -> None:
        """Nothing to close: the shared client is the connector's to close."""

    def limits(self, chat_id: Any) -> Optional[Tuple[Limit, Limit]]:
        """The bot's rate and the chat's that a request to ``chat_id`` counts against, under keys that name neither
        the token nor the chat; None for a request to no chat."""
        if chat_id is None:
            return None
        with contextlib.suppress(TypeError, ValueError):
            chat_id = int(chat_id)
        private = isinstance(chat_id, int) and chat_id > 0
        # Keyed by the token: a chat id cannot be guessed back from the key by trying every id.
        chat = hmac.new(self._token, f"chat:{chat_id}".encode(), hashlib.sha256).hexdigest()[:24]
        return ((self.shared.key("rate", self._bot, "all"), self.overall),
                (self.shared.key("rate", self._bot, "chat", chat), PRIVATE_CHAT if private else GROUP))

    async def wait(self, overall: Limit, chat: Limit) -> float:
        """Waits for the chat to be free, then for the slot taken in the bot's queue; returns the seconds waited."""
        waited = 0.0
        while True:
            reserved, delay = await self._reserve_slot(overall, chat)
            if delay > 0:
                await asyncio.sleep(delay)
                waited += delay
            if reserved:
                return waited

    async def _reserve_slot(self, overall: Limit, chat: Limit) -> Tuple[bool, float]:
        if self._reserve is None:
            return self.local.reserve(overall, chat)
        (bot, bot_rate), (person, chat_rate) = overall, chat
        args = [bot_rate.interval * 1000, bot_rate.tolerance * 1000, chat_rate.interval * 1000,
                chat_rate.tolerance * 1000]
        try:
            reserved, delay = await self._reserve(keys=[self._pause_key(), bot, person], args=args)
        except FAILURES as error:
            self.shared.failed("the sending rate", error)
            return self.local.reserve(overall, chat)
        return bool(reserved), max(int(delay), 0) / 1000

    async def pause(self, seconds: float) -> None:
        """Holds back every request, at every connector, for ``seconds`` (after a 429)."""
        self.local.pause(seconds)
        if self._pause is None:
            return
        try:
            await self._pause(keys=[self._pause_key()], args=[int(seconds * 1000)])
        except FAILURES as error:
            self.shared.failed("the sending rate", error)

    def _pause_key(self) -> str:
        return self.shared.key("rate", self._bot, "pause")

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Answer]], args: Any,
                              kwargs: Dict[str, Any], endpoint: str, data: Dict[str, Any],
                              rate_limit_args: Optional[int]) -> Answer:
        retries = rate_limit_args or self.max_retries
        limits = self.limits(data.get("chat_id"))
        for attempt in range(retries + 1):
            if limits is not None:
                await self.wait(*limits)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == retries:
                    logger.error("Telegram still refused a request (429) after %s tries.", retries + 1)
                    raise
                seconds = error._retry_after.total_seconds() + 0.1  # noqa: SLF001 - the value without a warning
                logger.info("Telegram asked to slow down (429); every connector waits %.1f s.", seconds)
                await self.pause(seconds)
                if limits is None:
                    await asyncio.sleep(seconds)
        raise RuntimeError("unreachable")
