"""The console as a real process on a free port, over SQLite and over PostgreSQL, and signed-in HTTP clients."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, Optional

import httpx
import pytest

from bot.config import DIRECTORY_DATA, read_settings
from bot.processes import Stack, free_port, process_env, start_console
from bot.staff.accounts import create_account
from bot.storage.database import engine_for, session_scope
from tests.conftest import empty_postgres

PASSWORD = "a long enough password"
ROLES = ("admin", "staff", "translator")


@dataclass
class RunningConsole:
    url: str
    database_url: str
    directory: Path

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, follow_redirects=False, timeout=30)

    def sign_in(self, username: str, password: str = PASSWORD, code: str = "") -> httpx.Client:
        client = self.client()
        reply = client.post("/signin", data={"csrf": sign_in_token(client), "username": username,
                                             "password": password, "code": code})
        assert reply.status_code == 303, reply.text
        return client


def sign_in_token(client: httpx.Client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/signin").text).group(1)


def csrf_of(client: httpx.Client, path: str = "/account/two-factor") -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get(path).text).group(1)


def start(folder: Path, database_url: str, extra: Optional[Dict[str, str]] = None) -> tuple:
    """The console, with a copy of the contact files of its own (admins may change them)."""
    port = free_port()
    directory = folder / "directory"
    shutil.copytree(DIRECTORY_DATA, directory)
    settings = read_settings({"DATABASE_URL": database_url, "CONSOLE_PORT": str(port)})
    env = {"CONSOLE_PORT": str(port), "LIFELINE_DIRECTORY": str(directory), **(extra or {})}
    stack = Stack(env=process_env(settings, env), log_dir=folder / "logs")
    start_console(stack, port)
    return stack, RunningConsole(url=f"http://localhost:{port}", database_url=database_url, directory=directory)


def running(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
            extra: Optional[Dict[str, str]] = None) -> Iterator[RunningConsole]:
    """A running console with one account per role (named after the role), on the database of ``request.param``."""
    folder = tmp_path_factory.mktemp("console")
    url = f"sqlite:///{folder / 'lifeline.db'}" if request.param == "sqlite" \
        else request.getfixturevalue("postgres_url")
    with session_scope(engine_for(url)) as session:
        for role in ROLES:
            create_account(session, role, PASSWORD, role)
    stack, console = start(folder, url, extra)
    yield console
    stack.stop_all()
    if request.param == "postgresql":
        empty_postgres(url)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def console(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningConsole]:
    """A running console on each database, reached directly."""
    yield from running(request, tmp_path_factory)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def proxied_console(request: pytest.FixtureRequest,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningConsole]:
    """A running console on each database that takes this machine for its reverse proxy: the client address
    is what ``X-Forwarded-For`` says, so each test can sign in from addresses of its own."""
    yield from running(request, tmp_path_factory, {"LIFELINE_TRUSTED_PROXIES": "127.0.0.1,::1"})
