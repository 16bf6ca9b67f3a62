"""Noticing, for one incoming message, that something failed while Rasa handled it.

Rasa logs and swallows a failing custom action (for example when the action server is down) and goes on without
its events; the person would then get less than they need, or nothing. The watch records every error logged while
one message is handled, so the channel can add the built-in safety numbers to the reply.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator, List, Optional

_errors: ContextVar[Optional[List[str]]] = ContextVar("lifeline_errors", default=None)


class _ErrorRecorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)

    def emit(self, record: logging.LogRecord) -> None:
        errors = _errors.get()
        if errors is not None:
            errors.append(f"{record.name}: {record.getMessage()}")


_recorder = _ErrorRecorder()


def install() -> None:
    """Attaches the recorder to the root logger (once)."""
    root = logging.getLogger()
    if _recorder not in root.handlers:
        root.addHandler(_recorder)


@contextmanager
def watch() -> Iterator[List[str]]:
    """Collects the errors logged in this context (this message's task) into the yielded list."""
    install()
    errors: List[str] = []
    token = _errors.set(errors)
    try:
        yield errors
    finally:
        _errors.reset(token)
