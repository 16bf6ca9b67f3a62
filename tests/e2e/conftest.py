"""Real Lifeline processes for end-to-end tests: the action server and the Rasa server on free ports, with their
own database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import httpx
import pytest

from bot.config import read_settings
from bot.directory.importer import import_records
from bot.directory.records import load_records
from bot.processes import Stack, endpoints_for, free_port, process_env, start_actions, start_rasa
from bot.storage.database import engine_for, session_scope
from bot.terminal import WEBHOOK


@dataclass
class RunningLifeline:
    stack: Stack
    rasa_url: str
    database_url: str

    def say(self, sender: str, text: str, metadata: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        reply = httpx.post(
            self.rasa_url + WEBHOOK, json={"sender": sender, "message": text, "metadata": metadata or {}}, timeout=60
        )
        reply.raise_for_status()
        return reply.json()


def start_lifeline(folder: Path, database_url: str, model: Optional[Path], actions_database_url: Optional[str] = None,
                   env: Optional[Dict[str, str]] = None) -> RunningLifeline:
    """Starts both servers (the action server may get a database of its own; ``env`` adds to their environment)."""
    folder.mkdir(parents=True, exist_ok=True)
    with session_scope(engine_for(database_url)) as session:
        import_records(session, load_records().records)
    rasa_port, actions_port = free_port(), free_port()
    settings = read_settings({"DATABASE_URL": database_url})
    stack = Stack(env=process_env(settings, env), log_dir=folder / "logs")
    try:
        stack.env = process_env(read_settings({"DATABASE_URL": actions_database_url or database_url}), env)
        start_actions(stack, actions_port)
        stack.env = process_env(settings, env)
        start_rasa(stack, model or folder / "no-model.tar.gz", rasa_port, endpoints_for(folder, actions_port),
                   timeout=240, require_model=model is not None)
    except RuntimeError:
        stack.stop_all()
        raise
    return RunningLifeline(stack=stack, rasa_url=f"http://localhost:{rasa_port}", database_url=database_url)


@pytest.fixture(scope="session")
def lifeline(tmp_path_factory: pytest.TempPathFactory, model_path: Path) -> Iterator[RunningLifeline]:
    """One running Lifeline (SQLite) shared by the conversation tests."""
    folder = tmp_path_factory.mktemp("lifeline")
    running = start_lifeline(folder, f"sqlite:///{folder / 'lifeline.db'}", model_path)
    yield running
    running.stack.stop_all()


def texts(messages: List[Dict[str, Any]]) -> List[str]:
    return [m.get("text", "") for m in messages]


def buttons(messages: List[Dict[str, Any]]) -> List[str]:
    return [b["payload"] for m in messages for b in m.get("buttons") or []]
