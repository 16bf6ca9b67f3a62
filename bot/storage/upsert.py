"""Inserting a row, or updating the one with the same key, in one statement: ``INSERT ... ON CONFLICT`` on
PostgreSQL and on SQLite. Two processes that store the same new row at once both succeed (the second waits for the
first to commit, then finds its row), where a read followed by an insert would give one of them an
IntegrityError."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from sqlalchemy import func, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

DIALECTS = {"postgresql": postgresql, "sqlite": sqlite}


def upsert(session: Session, model: Any, values: Mapping[str, Any], update: Sequence[str] = (),
           fill: Sequence[str] = ()) -> None:
    """Inserts ``values`` as a row of ``model``; if a row with the same primary key is there, sets its ``update``
    columns from ``values``, and its ``fill`` columns where they are empty (NULL), and locks it for the rest of the
    transaction; or leaves it as it is when there is nothing to set."""
    statement = DIALECTS[session.get_bind().dialect.name].insert(model.__table__).values(**values)
    key = [column.name for column in inspect(model).primary_key]
    if update or fill:
        table = model.__table__
        statement = statement.on_conflict_do_update(index_elements=key, set_={
            **{name: statement.excluded[name] for name in update},
            **{name: func.coalesce(table.c[name], statement.excluded[name]) for name in fill}})
    else:
        statement = statement.on_conflict_do_nothing(index_elements=key)
    session.execute(statement)
