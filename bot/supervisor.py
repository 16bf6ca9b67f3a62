"""Keeps the processes of ``lifeline serve all`` running: restarts one that stopped (with backoff) and tells the staff
group, reports each one's health on a loopback URL, and stops them all, the connector first, on SIGTERM, SIGINT or
SIGHUP."""

from __future__ import annotations

import json
import logging
import signal
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict

import httpx

from bot.config import Settings
from bot.processes import Stack

logger = logging.getLogger(__name__)
MAX_BACKOFF = 60.0
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class Shutdown(BaseException):
    """A stop signal arrived: stop everything and leave."""


def raise_shutdown(signum: int, _frame: Any) -> None:
    raise Shutdown(signal.Signals(signum).name)


def handle_stop_signals() -> None:
    """SIGTERM, SIGINT and SIGHUP raise :class:`Shutdown` in the main thread (whatever it is doing)."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, raise_shutdown)


def ignore_stop_signals() -> None:
    """While stopping, a second signal must not cut the orderly stop short."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)


@dataclass
class Health:
    running: bool = False
    ready: bool = False
    restarts: int = 0

    def as_dict(self) -> Dict[str, Any]:
        return {"running": self.running, "ready": self.ready, "restarts": self.restarts}


@dataclass
class Supervisor:
    """Watches the stack's processes; ``ready`` holds a probe per process name."""

    stack: Stack
    ready: Dict[str, Callable[[], bool]]
    on_restart: Callable[[str, int], None]
    interval: float = 1.0
    health: Dict[str, Health] = field(default_factory=dict)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self) -> None:
        """One look at every process: probe it, and restart the ones that ended once their backoff has passed."""
        for name, probe in self.ready.items():
            state = self.health.setdefault(name, Health())
            process = self.stack.processes.get(name)
            running = process is not None and process.poll() is None
            ready = running and probe()
            if (state.running, state.ready) != (running, ready):
                print(f"{name}: {'ready' if ready else 'running, not ready' if running else 'stopped'}", flush=True)
            state.running, state.ready = running, ready
            if running or self._stopping.is_set():
                continue
            with self._lock:
                if self._stopping.is_set():
                    return
                delay = min(MAX_BACKOFF, 2.0 ** state.restarts)
                logger.warning("%s stopped (exit code %s); restarting it in %.0f s", name,
                               process.returncode if process else None, delay)
                if self._stopping.wait(delay):
                    return
                self.stack.restart(name)
                state.restarts += 1
            self.on_restart(name, state.restarts)

    def run(self) -> None:
        while not self._stopping.wait(self.interval):
            try:
                self.check()
            except Exception:  # noqa: BLE001 - the watcher must outlive any single failure
                logger.exception("supervising the processes failed once")

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="supervisor", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """Stops watching, then stops the processes (the connector first)."""
        self._stopping.set()
        with self._lock:
            self.stack.stop_all()

    def report(self) -> Dict[str, Dict[str, Any]]:
        return {name: state.as_dict() for name, state in self.health.items()}


def serve_health(supervisor: Supervisor, host: str, port: int) -> ThreadingHTTPServer:
    """``GET /health`` (every process) and ``GET /health/NAME``: 200 when ready, 503 when not, as JSON."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            report = supervisor.report()
            name = self.path.rstrip("/").removeprefix("/health").lstrip("/")
            if self.path.split("/")[1:2] != ["health"] or (name and name not in report):
                self.send_error(404)
                return
            body = report[name] if name else report
            ready = body["ready"] if name else all(state["ready"] for state in report.values())
            payload = json.dumps(body).encode()
            self.send_response(200 if ready else 503)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="health", daemon=True).start()
    return server


def staff_restart_alert(settings: Settings) -> Callable[[str, int], None]:
    """Tells the staff group (silently, nothing personal) that a process was restarted."""
    def alert(process: str, count: int) -> None:
        if not settings.telegram_token or settings.telegram_staff_chat_id is None:
            return
        from bot.i18n.say import say_text

        text = say_text("utter_staff_process_restarted", settings.default_language,
                        values={"process": process, "count": str(count)})
        try:
            httpx.post(f"{settings.telegram_api_url}/bot{settings.telegram_token}/sendMessage", timeout=10, json={
                "chat_id": settings.telegram_staff_chat_id, "text": text, "disable_notification": True})
        except httpx.HTTPError as error:
            logger.warning("could not tell the staff group about the restart of %s: %s", process, type(error).__name__)

    return alert
