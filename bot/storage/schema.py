"""The project's tables: every model registered on ``Base``, and the schema brought up to date by Alembic
migrations (``bot/storage/migrations``)."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

logger = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# PostgreSQL: processes starting together take turns to migrate (an advisory lock; the number is arbitrary).
MIGRATION_LOCK = 7_351_001


def load_models() -> None:
    from bot.cases import models as _cases  # noqa: F401
    from bot.directory import models as _directory  # noqa: F401
    from bot.staff import models as _staff  # noqa: F401
    from bot.storage import models as _storage  # noqa: F401
    from bot.telegram import models as _telegram  # noqa: F401


def alembic_config(connection: Connection):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    config = alembic_config(None)  # type: ignore[arg-type]
    return ScriptDirectory.from_config(config).get_current_head() or ""


def current_revision(connection: Connection) -> str:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision() or ""


def upgrade(engine: Engine) -> None:
    """Applies the migrations the database has not had yet (a no-op when it is up to date)."""
    from alembic import command

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
    from alembic import command

    with engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)
