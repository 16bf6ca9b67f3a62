"""Starting Lifeline's processes: the action server, the Rasa server, the Telegram connector, the staff console,
and all of them together."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import httpx
import yaml

from bot.config import ROOT, Settings

ENDPOINTS = ROOT / "endpoints.yml"
CREDENTIALS = ROOT / "credentials.yml"


def free_port() -> int:
    """A TCP port on localhost that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def endpoints_for(folder: Path, actions_port: int) -> Path:
    """A copy of ``endpoints.yml`` in ``folder`` that names an action server on another port."""
    config = yaml.safe_load(ENDPOINTS.read_text(encoding="utf-8"))
    config["action_endpoint"]["url"] = f"http://localhost:{actions_port}/webhook"
    path = folder / "endpoints.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def actions_command(port: int) -> List[str]:
    return [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]


def telegram_command() -> List[str]:
    return [sys.executable, "-m", "bot.cli", "serve", "telegram"]


def retention_command() -> List[str]:
    return [sys.executable, "-m", "bot.cli", "serve", "retention"]


def console_command() -> List[str]:
    return [sys.executable, "-m", "bot.cli", "serve", "console"]


def rasa_command(model: Path, port: int, endpoints: Path = ENDPOINTS, credentials: Path = CREDENTIALS) -> List[str]:
    return [
        sys.executable, "-m", "rasa", "run",
        "--enable-api",
        "--model", str(model),
        "--endpoints", str(endpoints),
        "--credentials", str(credentials),
        "--port", str(port),
    ]


def wait_until_ready(url: str, timeout: float, process: Optional[subprocess.Popen] = None) -> bool:
    """Polls ``url`` until it answers 200 (and, for Rasa's /status, a model is loaded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            reply = httpx.get(url, timeout=2)
            if reply.status_code == 200 and (not url.endswith("/status") or reply.json().get("model_id")):
                return True
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.5)
    return False


@dataclass
class Stack:
    """The processes of one running Lifeline, stopped together."""

    env: Dict[str, str]
    log_dir: Optional[Path] = None
    processes: Dict[str, subprocess.Popen] = field(default_factory=dict)

    def start(self, name: str, command: List[str]) -> subprocess.Popen:
        output = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            output = (self.log_dir / f"{name}.log").open("ab")
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)


def start_actions(stack: Stack, port: int, timeout: float = 60) -> None:
    process = stack.start("actions", actions_command(port))
    if not wait_until_ready(f"http://localhost:{port}/health", timeout, process):
        raise RuntimeError(f"the action server did not start on port {port}")


def start_rasa(stack: Stack, model: Path, port: int, endpoints: Path = ENDPOINTS, timeout: float = 180,
               require_model: bool = True) -> None:
    """Starts the Rasa server and waits until it answers (with the model loaded, unless ``require_model`` is off)."""
    process = stack.start("rasa", rasa_command(model, port, endpoints))
    ready = f"http://localhost:{port}/status" if require_model else f"http://localhost:{port}/"
    if not wait_until_ready(ready, timeout, process):
        raise RuntimeError(f"the Rasa server did not start on port {port}")


def start_console(stack: Stack, port: int, timeout: float = 60) -> None:
    process = stack.start("console", console_command())
    if not wait_until_ready(f"http://localhost:{port}/signin", timeout, process):
        raise RuntimeError(f"the staff console did not start on port {port}")


def process_env(settings: Settings, extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    env = dict(os.environ)
    env.update({"DATABASE_URL": settings.database_url, "PYTHONPATH": str(ROOT)})
    env.update(extra or {})
    return env
