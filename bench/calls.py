"""What one message costs, counted rather than timed: Lifeline's Rasa server run in this process, the way
``rasa run`` serves it, answering messages through Lifeline's channel as the Telegram connector sends them; the
action server is a process of its own.

Call counts per message (a profile hook in every thread of the Rasa server counts the calls of ``COUNTED``) do not
depend on how busy the machine is; CPU time (not wall time) per message, in each process, measured in a second run
without the hook, depends on it far less than latency does. Where the time goes is ``bench.profile``'s to say.

    python -m bench.calls [--messages 200]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import logging
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import httpx
import yaml

from bench.run import OUT, english_messages
from bench.sandbox import sandbox_database, sandbox_env
from bot.config import ROOT
from bot.rasa_model import ensure_model
from bot.processes import Stack, endpoints_for, free_port, start_actions
from bot.telegram.outgoing import joined

# Functions counted: a label, the module and the function's qualified name (missing ones count 0).
COUNTED: Tuple[Tuple[str, str, str], ...] = (
    ("tracker reads from the database", "bot.storage.tracker_store", "LifelineTrackerStore.retrieve_full_tracker"),
    ("tracker saves", "bot.storage.tracker_store", "LifelineTrackerStore.save"),
    ("database sessions", "bot.storage.database", "session_scope"),
    ("Fernet encryptions", "bot.storage.crypto", "encrypt"),
    ("Fernet decryptions", "bot.storage.crypto", "decrypt"),
    ("calls to the action server", "rasa.core.actions.action", "RemoteAction._action_call_format"),
    ("JSON-schema checks of an action server's answer", "rasa.core.actions.action",
     "RemoteAction._validate_action_result"),
    ("predictions of the next action (every policy, TED's network included)", "rasa.core.processor",
     "MessageProcessor._predict_next_with_tracker"),
    ("language detections", "bot.i18n.detect", "detect"),
    ("langdetect runs", "bot.i18n.detect", "langdetect_probabilities"),
    ("reply-language decisions", "bot.i18n.conversation", "conversation_language"),
    ("walks through the conversation's events for its language", "bot.i18n.conversation", "language_of_events"),
    ("responses rendered", "bot.i18n.responses", "render"),
)


def _code_of(module: str, qualified: str) -> Optional[Any]:
    target: Any = importlib.import_module(module)
    for part in qualified.split("."):
        target = getattr(target, part, None)
    target = getattr(target, "__wrapped__", target)  # a context manager's generator function
    return getattr(target, "__code__", None)


class CallCounter:
    """Counts the calls (not the resumptions of a coroutine or generator) of some functions, in every thread."""

    def __init__(self) -> None:
        self.labels = {}
        for label, module, qualified in COUNTED:
            code = _code_of(module, qualified)
            if code is not None:
                self.labels[code] = label
        self.counts: Dict[str, int] = dict.fromkeys((label for label, _, _ in COUNTED), 0)

    def _hook(self, frame: Any, event: str, _: Any) -> None:
        if event == "call" and frame.f_lasti < 0:
            label = self.labels.get(frame.f_code)
            if label is not None:
                self.counts[label] += 1

    def start(self) -> None:
        threading.setprofile(self._hook)  # threads started from now on, such as the worker threads
        sys.setprofile(self._hook)

    def stop(self) -> None:
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _client(url: str, warm: List[str], messages: List[str], conversation: int, ready: threading.Event,
            go: threading.Event, done: threading.Event, stop: Any, out: Dict[str, Any]) -> None:
    """Sends the messages as the Telegram connector does, once the profiler runs; conversations of
    ``conversation`` messages each."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # the client shares the process: as little as it can
    try:
        with httpx.Client(timeout=60) as client:
            deadline = time.monotonic() + 300  # the model loads before the server listens
            while time.monotonic() < deadline:
                try:
                    client.get(url.rsplit("/", 1)[0] + "/").raise_for_status()
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            for i, text in enumerate(warm):
                client.post(url, json={"sender": f"warm-{i}", "message": text})
            ready.set()
            go.wait(30)
            for i, text in enumerate(messages):
                reply = client.post(url, json={
                    "sender": f"bench-{i // conversation}", "message": text,
                    "metadata": {"language_code": "en", "channel": "telegram"}})
                reply.raise_for_status()
                out["replies"] = out.get("replies", 0) + len(reply.json())
                out["telegram"] = out.get("telegram", 0) + len(joined(reply.json()))
    except Exception as error:  # noqa: BLE001 - reported by main
        out["error"] = repr(error)
    finally:
        done.set()
        stop()


def measure(warm: List[str], messages: List[str], conversation: int, profile: bool) -> Dict[str, Any]:
    """Runs a Lifeline in a sandbox and returns the counts (when ``profile``) and the CPU time per message."""
    from rasa.core.run import serve_application
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    from bot.rasa_server import prepare

    configure_logging_and_warnings(None)  # as ``rasa run`` does without a log level
    configure_structlog(None)
    prepare()  # as ``bot.rasa_server`` does

    from bot.directory.importer import import_records
    from bot.directory.records import load_records
    from bot.storage.database import engine_for, session_scope

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = sandbox_env(folder, {"RASA_TELEMETRY_ENABLED": "false"})
        os.environ.clear()
        os.environ.update(env)
        from bot.config import settings

        settings.cache_clear()
        with session_scope(engine_for(sandbox_database(folder))) as session:
            import_records(session, load_records().records)
        stack = Stack(env=env, log_dir=folder / "logs")
        actions_port, rasa_port = free_port(), free_port()
        credentials = folder / "credentials.yml"
        credentials.write_text(yaml.safe_dump({"bot.channels.rest.LifelineRestInput": None}))
        url = f"http://127.0.0.1:{rasa_port}/webhooks/lifeline/webhook"
        ready, go, done = threading.Event(), threading.Event(), threading.Event()
        out: Dict[str, Any] = {}
        counter = CallCounter() if profile else None
        moments: Dict[str, float] = {}
        try:
            start_actions(stack, actions_port)
            actions_pid = stack.processes["actions"].pid

            async def conduct(app: Any, _: Any) -> None:
                if counter:
                    counter.start()  # in the event loop's thread, before any request and any worker thread
                async def run() -> None:
                    while not ready.is_set():
                        await asyncio.sleep(0.05)
                    moments["rasa"], moments["actions"] = time.process_time(), cpu_seconds(actions_pid)
                    if counter:
                        counter.counts = dict.fromkeys(counter.counts, 0)
                    go.set()
                    while not done.is_set():
                        await asyncio.sleep(0.01)
                    if counter:
                        counter.stop()
                    moments["rasa"] = time.process_time() - moments["rasa"]
                    moments["actions"] = cpu_seconds(actions_pid) - moments["actions"]

                app.add_task(run())

            def stop_server() -> None:
                time.sleep(0.3)
                os.kill(os.getpid(), 2)

            threading.Thread(target=_client, daemon=True,
                             args=(url, warm, messages, conversation, ready, go, done, stop_server, out)).start()
            serve_application(str(ensure_model()), credentials=str(credentials), port=rasa_port,
                              interface="127.0.0.1", enable_api=False,
                              endpoints=AvailableEndpoints.read_endpoints(str(endpoints_for(folder, actions_port))),
                              server_listeners=[(conduct, "after_server_start")])
        finally:
            stack.stop_all()
    if "error" in out:
        raise RuntimeError(f"a message failed: {out['error']}")
    count = len(messages)
    result: Dict[str, Any] = {
        "messages": count,
        "replies per message": round(out.get("replies", 0) / count, 2),
        "Telegram messages per message (bot/telegram/outgoing.py joins the replies)":
            round(out.get("telegram", 0) / count, 2),
        "CPU ms per message, Rasa server": round(moments["rasa"] * 1000 / count, 1),
        "CPU ms per message, action server": round(moments["actions"] * 1000 / count, 1),
    }
    if counter:
        result["per message"] = {label: round(calls / count, 2) for label, calls in counter.counts.items()}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--conversation", type=int, default=5, help="messages per conversation")
    parser.add_argument("--no-profile", action="store_true", help="only the CPU time per message, uncounted")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    os.chdir(ROOT)
    messages = english_messages(args.messages + 10, seed=13)
    result = measure(messages[args.messages:], messages[:args.messages], args.conversation,
                     profile=not args.no_profile)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "calls.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
