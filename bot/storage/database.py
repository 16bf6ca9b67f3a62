"""Engines and sessions for the project's own tables, from ``DATABASE_URL`` (SQLite by default, PostgreSQL in
production)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from bot.config import settings
from bot.storage.schema import upgrade

Result = TypeVar("Result")


def _tune_sqlite(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """A new engine for ``url``; SQLite files get their folder, WAL and a busy timeout (two processes share them).

    Errors never show the statement's parameters (a pseudonym, a nationality, what a person wrote) in a log."""
    if url.startswith("sqlite"):
        database = url.split("///", 1)[-1]
        on_disk = bool(database) and database != ":memory:"
        if on_disk:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # Connections to a file are kept open (SQLAlchemy 1.4 would open and close one per session, which also
        # checkpoints the write-ahead log each time: the largest cost of a message).
        pool = {"poolclass": QueuePool} if on_disk else {}
        engine = create_engine(url, future=True, hide_parameters=True, connect_args={"check_same_thread": False},
                               **pool)
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    return create_engine(url, future=True, hide_parameters=True, pool_pre_ping=True, pool_size=5, max_overflow=5)


@lru_cache(maxsize=None)
def engine_for(url: str) -> Engine:
    """One engine per database URL per process, with the schema migrated to the newest revision on first use."""
    engine = make_engine(url)
    upgrade(engine)
    return engine


@lru_cache(maxsize=None)
def _sqlite_worker(url: str) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")


async def off_the_loop(engine: Engine, function: Callable[..., Result], *args: Any) -> Result:
    """Runs database work in a worker thread, so the event loop answers others meanwhile.

    On SQLite, all of a process's work on one database runs on one thread: SQLite lets one writer in at a time, and
    writers of one process that meet would wait for each other in sleeps of up to 100 ms (its busy handler); in
    turn they wait in a queue, without sleeping. PostgreSQL's work runs in the loop's pool of threads."""
    call = partial(function, *args)
    if engine.dialect.name == "sqlite":
        return await asyncio.get_running_loop().run_in_executor(_sqlite_worker(str(engine.url)), call)
    return await asyncio.to_thread(call)


def default_engine() -> Engine:
    return engine_for(settings().database_url)


@contextmanager
def session_scope(engine: Optional[Engine] = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    factory = sessionmaker(bind=engine or default_engine(), future=True, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
