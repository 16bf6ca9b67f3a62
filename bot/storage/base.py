"""The declarative base every table of the project is registered on (each feature's ``models.py``)."""

from __future__ import annotations

from sqlalchemy.orm import declarative_base

Base = declarative_base()
