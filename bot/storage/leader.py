"""Loops that must run once however many instances run: the one that holds a PostgreSQL session-level advisory
lock does the work. The lock lives on a connection of its own and PostgreSQL releases it when that connection or
the process dies, so another instance takes over within a check. On SQLite (one instance) this process always
leads."""

from __future__ import annotations

import logging
import time
from typing import Optional

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

logger = logging.getLogger(__name__)

OUTBOX_LOCK = 7_211_842_302  # arbitrary; distinct from the retention lock and the migration lock
CHECK_EVERY = 1.0  # seconds: between two looks at the lock, the last answer stands


class Leadership:
    def __init__(self, engine: Engine, key: int, every: float = CHECK_EVERY) -> None:
        self.engine, self.key, self.every = engine, key, every
        self._connection: Optional[Connection] = None
        self._checked, self._held = float("-inf"), False

    def held(self) -> bool:
        """Whether this process leads now (blocking: call it off the event loop)."""
        if self.engine.dialect.name != "postgresql":
            return True
        if time.monotonic() - self._checked < self.every:
            return self._held
        self._checked = time.monotonic()
        self._held = self._look()
        return self._held

    def _look(self) -> bool:
        try:
            if self._connection is not None:
                self._connection.execute(text("SELECT 1"))
                self._connection.commit()
                return True
            connection = self.engine.connect()
            got = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}).scalar_one()
            connection.commit()
            if got:
                logger.info("This process now runs the loop of lock %s.", self.key)
                self._connection = connection
            else:
                connection.close()
            return bool(got)
        except Exception as error:  # noqa: BLE001 - the lock went with the connection; another process may lead
            logger.warning("Lost the lead of lock %s (%s).", self.key, type(error).__name__)
            self.release()
            return False

    def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.invalidate()  # never back into the pool with the lock on it
                connection.close()
            except Exception:  # noqa: BLE001 - a dead connection has nothing left to close
                pass
