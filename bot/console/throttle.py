"""How the console slows down password guessing without letting anyone lock staff out.

Failed sign-ins are counted in a sliding window, in memory (the console is one process):

- per account *and* client address: after ``per_pair`` failures that address may not try that account again
  until the window has passed. An attacker locks out only their own address, never the staff member.
- per client address: after ``per_address`` failures (on any accounts) the address is paused.
- per account, from every address together: after ``slow_after`` failures each further attempt on the account
  waits a little longer (up to ``max_delay`` seconds) before it is checked. This slows guessing from many
  addresses while the account's owner can still sign in.

:class:`AuditCap` keeps failed sign-ins from flooding the append-only audit log: at most ``cap`` rows per
address and window, then one summary row, then nothing until the window has passed.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from typing import Deque, Dict, Optional

WINDOW_SECONDS = 900.0
MAX_KEYS = 100_000  # beyond this many counters, expired ones are swept (attackers choose the names)


class SlidingCounts:
    """Events per key within the last ``seconds``."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._events: Dict[str, Deque[float]] = defaultdict(deque)

    def count(self, key: str, now: float) -> int:
        events = self._events.get(key)
        if events is None:
            return 0
        while events and now - events[0] > self.seconds:
            events.popleft()
        if not events:
            del self._events[key]
        return len(events)

    def add(self, key: str, now: float) -> int:
        if len(self._events) >= MAX_KEYS:
            for stale in [k for k, events in self._events.items() if now - events[-1] > self.seconds]:
                del self._events[stale]
        self.count(key, now)
        self._events[key].append(now)
        return len(self._events[key])

    def forget(self, key: str) -> None:
        self._events.pop(key, None)


def _account(username: str) -> str:
    return username.strip().lower()


class SignInThrottle:
    def __init__(self, per_pair: int = 5, per_address: int = 20, slow_after: int = 10, max_delay: float = 5.0,
                 seconds: float = WINDOW_SECONDS) -> None:
        self.per_pair, self.per_address, self.slow_after, self.max_delay = per_pair, per_address, slow_after, max_delay
        self._counts = SlidingCounts(seconds)

    def blocked(self, username: str, address: str, now: Optional[float] = None) -> bool:
        """True when this address may not try this account now."""
        now = time.monotonic() if now is None else now
        return (self._counts.count(f"pair:{address}:{_account(username)}", now) >= self.per_pair
                or self._counts.count(f"addr:{address}", now) >= self.per_address)

    def delay(self, username: str, now: Optional[float] = None) -> float:
        """Seconds to wait before checking an attempt on this account (0 until it has many failures)."""
        now = time.monotonic() if now is None else now
        over = self._counts.count(f"user:{_account(username)}", now) - self.slow_after
        return 0.0 if over < 0 else min(self.max_delay, 0.5 * (over + 1))

    def failed(self, username: str, address: str, now: Optional[float] = None) -> None:
        now = time.monotonic() if now is None else now
        for key in (f"pair:{address}:{_account(username)}", f"addr:{address}", f"user:{_account(username)}"):
            self._counts.add(key, now)

    def succeeded(self, username: str, address: str) -> None:
        self._counts.forget(f"pair:{address}:{_account(username)}")
        self._counts.forget(f"user:{_account(username)}")


class AuditCap:
    """Whether a failed sign-in from an address gets its own audit row."""

    RECORD, SUMMARY, SKIP = "record", "summary", "skip"

    def __init__(self, cap: int = 10, seconds: float = WINDOW_SECONDS) -> None:
        self.cap = cap
        self._counts = SlidingCounts(seconds)

    def decide(self, address: str, now: Optional[float] = None) -> str:
        now = time.monotonic() if now is None else now
        seen = self._counts.add(address, now)
        return self.RECORD if seen <= self.cap else self.SUMMARY if seen == self.cap + 1 else self.SKIP
