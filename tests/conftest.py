"""Shared fixtures: real SQLite files and a real PostgreSQL database (started if it is down)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import Table, create_engine, literal, select, text
from sqlalchemy.engine import Connection, Engine

import bot.tables  # noqa: F401 - every table and erasure hook, as in every process
from bot.rasa_model import ensure_model
from bot.staff import passwords
from bot.storage.base import Base
from bot.storage.database import engine_for, make_engine
from bot.storage.schema import upgrade

POSTGRES_ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


def pytest_configure(config: pytest.Config) -> None:
    """A test run, and every process it starts, keeps its keys and data in a folder of its own: never the keys, the
    database or the Telegram bot of the installation it runs on."""
    folder = Path(tempfile.mkdtemp(prefix="lifeline-tests-"))
    for name in [name for name in os.environ if name.startswith(("LIFELINE_", "TELEGRAM_")) or name == "DATABASE_URL"]:
        del os.environ[name]
    os.environ["LIFELINE_KEY_DIR"] = str(folder / "keys")
    os.environ["LIFELINE_DATA_DIR"] = str(folder / "var")


E2E = Path(__file__).resolve().parent / "e2e"
# Fixtures that start real server processes (the whole Lifeline; the staff console).
PROCESS_FIXTURES = {"lifeline", "console", "proxied_console"}


def pytest_collection_modifyitems(items: list) -> None:
    """Every test under ``tests/e2e/``, and every test of a real server process, is marked ``e2e``:
    ``pytest -m "not e2e"`` leaves them out."""
    for item in items:
        if E2E in Path(str(item.fspath)).resolve().parents or PROCESS_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.e2e)


TEST_PASSWORD_COST = 2**10  # scrypt's N for the accounts tests make: about a millisecond a hash, not a tenth of a second


@pytest.fixture(autouse=True)
def quick_password_hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Accounts made by tests hash their passwords at a small scrypt cost (a stored hash names its cost, so it
    verifies as any other); the tests of the hashing itself and of the time a failed sign-in takes keep the real
    cost (marked ``real_password_cost``)."""
    if request.node.get_closest_marker("real_password_cost") is None:
        monkeypatch.setattr(passwords, "COST_N", TEST_PASSWORD_COST)


def _postgres_reachable() -> bool:
    try:
        with create_engine(POSTGRES_ADMIN_URL, future=True).connect() as connection:
            connection.execute(text("select 1"))
        return True
    except Exception:  # noqa: BLE001
        return False


def ensure_postgres() -> None:
    """Starts the machine's PostgreSQL cluster if it is not answering."""
    if _postgres_reachable():
        return
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir())
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"], check=False
    )
    for _ in range(30):
        if _postgres_reachable():
            return
        time.sleep(1)
    raise RuntimeError("PostgreSQL is not reachable on 127.0.0.1:5432 and could not be started")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped afterwards."""
    ensure_postgres()
    name = f"lifeline_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}"
    engine_for.cache_clear()
    with admin.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"), {"name": name}
        )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated to the newest revision once, for each test to start from a copy of."""
    path = tmp_path_factory.mktemp("template") / "lifeline.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # the last connection closed: the write-ahead log is in the file, and gone
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test against an SQLite file of its own (a copy of the migrated template) and against PostgreSQL
    (emptied after each test)."""
    if request.param == "sqlite":
        shutil.copyfile(request.getfixturevalue("sqlite_template"), tmp_path / "lifeline.db")
        yield f"sqlite:///{tmp_path / 'lifeline.db'}"
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    empty_postgres(url)


def empty_postgres(url: str) -> None:
    """Empties every table of the shared test database that was written to, and starts its ids over (TRUNCATE: the
    audit log refuses row deletes, by design). Truncating only those is a hundredth of the time of all of them."""
    with engine_for(url).begin() as connection:
        names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables if _written(connection, table))
        if names:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def _written(connection: Connection, table: Table) -> bool:
    """Whether ``table`` has rows, or has given out an id (its rows may have been deleted since)."""
    if connection.execute(select(literal(1)).select_from(table).limit(1)).first() is not None:
        return True
    for column in table.primary_key.columns:
        sequence = connection.execute(text("SELECT pg_get_serial_sequence(:table, :column)"),
                                      {"table": table.name, "column": column.name}).scalar()
        if sequence and connection.execute(text(f"SELECT is_called FROM {sequence}")).scalar():
            return True
    return False


@pytest.fixture
def engine(database_url: str) -> Engine:
    return engine_for(database_url)


@pytest.fixture(scope="session")
def model_path() -> Path:
    """The trained model for the current training data (trained here if `make test` has not done it)."""
    return ensure_model()
