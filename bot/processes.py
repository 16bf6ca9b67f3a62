"""Starting Lifeline's processes: the action server, the Rasa server, the Telegram connector, the staff console,
and all of them together.

Every process listens on loopback unless its interface setting says otherwise; Rasa's HTTP API needs the Rasa API
token. A child started here dies with its parent, even when the parent is killed with SIGKILL.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional

import httpx
import yaml

from bot.config import ROOT, Settings, read_settings
from bot.logs import copy_output, rotating_log
from bot.secret import RASA_API, key_for

logger = logging.getLogger(__name__)
ENDPOINTS = ROOT / "endpoints.yml"
CREDENTIALS = ROOT / "credentials.yml"
PR_SET_PDEATHSIG = 1
# The connector first, so that nobody is left without the end of a reply; the servers it talks to last.
STOP_ORDER = ("telegram", "retention", "console", "rasa", "actions")
STOP_GRACE = 10.0


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
    """The action server (it listens on ``SANIC_HOST``, set by :func:`process_env` from ``ACTIONS_INTERFACE``)."""
    return [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]


def telegram_command() -> List[str]:
    return [sys.executable, "-m", "bot.cli", "serve", "telegram"]


def retention_command() -> List[str]:
    return [sys.executable, "-m", "bot.cli", "serve", "retention"]


def console_command() -> List[str]:
    return [sys.executable, "-m", "bot.cli", "serve", "console"]


def rasa_command(model: Path, port: int, endpoints: Path = ENDPOINTS, credentials: Path = CREDENTIALS,
                 interface: str = "127.0.0.1") -> List[str]:
    """The Rasa server with its API behind the token (see :mod:`bot.rasa_server`)."""
    return [
        sys.executable, "-m", "bot.rasa_server",
        "--model", str(model),
        "--endpoints", str(endpoints),
        "--credentials", str(credentials),
        "--interface", interface,
        "--port", str(port),
    ]


def rasa_token(env: Mapping[str, str]) -> str:
    """The Rasa API token the processes started with ``env`` use."""
    return key_for(read_settings(env), RASA_API)


def rasa_ready(base_url: str, token: str) -> bool:
    """Whether the Rasa server answers with a model loaded."""
    try:
        reply = httpx.get(f"{base_url}/status", params={"token": token}, timeout=2)
        return reply.status_code == 200 and bool(reply.json().get("model_id"))
    except (httpx.HTTPError, ValueError):
        return False


def answers(url: str) -> bool:
    """Whether ``url`` answers 200."""
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def listening(port: int) -> bool:
    """Whether something accepts connections on ``port`` of this machine."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


def wait_for(ready: Callable[[], bool], timeout: float, process: Optional[subprocess.Popen] = None) -> bool:
    """Polls ``ready`` until it is true, the deadline passes or ``process`` ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        if ready():
            return True
        time.sleep(0.5)
    return False


def wait_until_ready(url: str, timeout: float, process: Optional[subprocess.Popen] = None) -> bool:
    """Polls ``url`` until it answers 200."""
    return wait_for(lambda: answers(url), timeout, process)


def die_with_parent(parent: int) -> Callable[[], None]:
    """Runs in a new child before it executes: the kernel sends it SIGKILL when its parent dies."""
    def setup() -> None:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)

    return setup


@dataclass
class Stack:
    """The processes of one running Lifeline, stopped together (the connector first)."""

    env: Dict[str, str]
    log_dir: Optional[Path] = None
    retention_days: int = 90
    cwd: Path = ROOT
    processes: Dict[str, subprocess.Popen] = field(default_factory=dict)
    commands: Dict[str, List[str]] = field(default_factory=dict)

    @property
    def rasa_token(self) -> str:
        return rasa_token(self.env)

    def start(self, name: str, command: List[str]) -> subprocess.Popen:
        """Starts ``command`` in its own process group; its output goes to ``log_dir/NAME.log``."""
        process = subprocess.Popen(
            command, cwd=self.cwd, env=self.env, stdout=subprocess.PIPE if self.log_dir else None,
            stderr=subprocess.STDOUT if self.log_dir else None, start_new_session=True,
            preexec_fn=die_with_parent(os.getpid()),
        )
        if self.log_dir is not None:
            copy_output(process.stdout, rotating_log(self.log_dir / f"{name}.log", self.retention_days))
        self.processes[name] = process
        self.commands[name] = command
        return process

    def restart(self, name: str) -> subprocess.Popen:
        return self.start(name, self.commands[name])

    def stop(self, name: str, grace: float = STOP_GRACE) -> None:
        """SIGTERM to the process's group, SIGKILL after ``grace`` seconds."""
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            logger.warning("%s did not stop within %.0f s of SIGTERM; killing it", name, grace)
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            process.wait()

    def stop_all(self) -> None:
        for name in sorted(self.processes, key=lambda n: STOP_ORDER.index(n) if n in STOP_ORDER else -1):
            self.stop(name)


def start_actions(stack: Stack, port: int, timeout: float = 60) -> None:
    process = stack.start("actions", actions_command(port))
    if not wait_until_ready(f"http://localhost:{port}/health", timeout, process):
        raise RuntimeError(f"the action server did not start on port {port}")


def start_rasa(stack: Stack, model: Path, port: int, endpoints: Path = ENDPOINTS, timeout: float = 180,
               require_model: bool = True, interface: str = "127.0.0.1") -> None:
    """Starts the Rasa server and waits until it answers (with the model loaded, unless ``require_model`` is off)."""
    process = stack.start("rasa", rasa_command(model, port, endpoints, interface=interface))
    base = f"http://localhost:{port}"
    token = stack.rasa_token
    ready = (lambda: rasa_ready(base, token)) if require_model else (lambda: answers(base + "/"))
    if not wait_for(ready, timeout, process):
        raise RuntimeError(f"the Rasa server did not start on port {port}")


def start_console(stack: Stack, port: int, timeout: float = 60) -> None:
    process = stack.start("console", console_command())
    if not wait_until_ready(f"http://localhost:{port}/signin", timeout, process):
        raise RuntimeError(f"the staff console did not start on port {port}")


def process_env(settings: Settings, extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    env = dict(os.environ)
    env.update({"DATABASE_URL": settings.database_url, "PYTHONPATH": str(ROOT),
                "SANIC_HOST": settings.actions_interface})
    env.update(extra or {})
    return env
