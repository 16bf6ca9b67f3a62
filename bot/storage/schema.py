"""The schema brought up to date by Alembic migrations (``bot/storage/migrations``); the tables themselves are
each feature's models, all loaded by ``bot/tables.py``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

logger = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# PostgreSQL: processes starting together take turns to migrate (an advisory lock; the number is arbitrary).
MIGRATION_LOCK = 7_351_001


def alembic_config(connection: Optional[Connection]) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    config = alembic_config(None)
    return ScriptDirectory.from_config(config).get_current_head() or ""


def current_revision(connection: Connection) -> str:
    return MigrationContext.configure(connection).get_current_revision() or ""


def upgrade(engine: Engine) -> None:
    """Applies the migrations the database has not had yet (a no-op when it is up to date)."""
    logging.getLogger("alembic").setLevel(logging.WARNING)
    head = head_revision()
    with engine.connect() as connection:
        if current_revision(connection) == head:
            return
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        elif connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        if current_revision(connection) != head:
            logger.info("Migrating the database to revision %s.", head)
            command.upgrade(alembic_config(connection), "head")


def new_revision(engine: Engine, message: str) -> None:
    """Writes a migration for what the models have and the database has not (for developers)."""
    with engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)
