"""Alembic's environment for the project's own tables (run through ``bot.storage.schema``)."""

from __future__ import annotations

from alembic import context

import bot.tables  # noqa: F401 - every table, for autogenerate
from bot.storage.base import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
