"""The retention schedule: every few hours, the people whose records are all older than the retention period are
erased (``bot/storage/retention.py``). ``lifeline serve all`` runs it as a process of its own; several runners may
run against one PostgreSQL database, and a transaction-level advisory lock lets only one of them purge at a time."""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Dict, Optional

from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.storage.database import session_scope
from bot.storage.retention import purge

logger = logging.getLogger(__name__)

PURGE_EVERY = timedelta(hours=6)
RETRY_AFTER = timedelta(minutes=5)
PURGE_LOCK = 7_211_842_301  # arbitrary; distinct from the migration lock in bot/storage/schema.py


def purge_once(engine: Engine, days: int) -> Optional[Dict[str, int]]:
    """One purge; None when another runner holds the lock (PostgreSQL), which then does the work."""
    with session_scope(engine) as session:
        if engine.dialect.name == "postgresql" and not session.execute(
                text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": PURGE_LOCK}).scalar_one():
            return None
        return purge(session, days)


def run_forever(engine: Engine, days: int, every: timedelta = PURGE_EVERY) -> None:
    """Purges now and then every ``every``; a failed purge is logged and tried again a few minutes later."""
    while True:
        try:
            removed = purge_once(engine, days)
            if removed is None:
                logger.info("Retention purge: another runner is purging.")
            else:
                logger.info("Retention purge: %s people erased.", removed["people"])
            wait = every
        except Exception:  # noqa: BLE001 - the schedule must outlive a database that is down for a while
            logger.exception("The retention purge failed; trying again later.")
            wait = min(every, RETRY_AFTER)
        time.sleep(wait.total_seconds())
