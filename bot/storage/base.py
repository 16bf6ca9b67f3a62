"""The declarative base every table of the project is registered on (each feature's ``models.py``), and the marks
by which storage finds, in any feature's tables, the columns it acts on."""

from __future__ import annotations

from typing import List, Mapping, Tuple

from sqlalchemy import Column, Table
from sqlalchemy.orm import declarative_base

Base = declarative_base()

# ``Column(..., info=ENCRYPTED)``: the value is encrypted (``bot/storage/crypto.py``); a key rotation re-encrypts it.
ENCRYPTED: Mapping[str, bool] = {"encrypted": True}
# ``Column(..., info=SIGN_OF_LIFE)``: when the person last showed a sign of life in this table; retention forgets a
# person once each of these dates of theirs is past the retention period (``bot/storage/retention.py``).
SIGN_OF_LIFE: Mapping[str, bool] = {"sign_of_life": True}


def marked(mark: Mapping[str, bool]) -> List[Tuple[Table, Column]]:
    """Every column of the registered tables that carries ``mark``, with its table."""
    (key,) = mark
    return [(table, column) for table in Base.metadata.sorted_tables for column in table.columns
            if column.info.get(key)]
