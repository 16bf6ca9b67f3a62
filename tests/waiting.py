"""Waiting for something to become true, with a deadline (instead of a fixed sleep)."""

from __future__ import annotations

import time
from typing import Callable


def poll(condition: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    """True as soon as ``condition()`` is; False if it is still false after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False
