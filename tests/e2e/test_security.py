"""The stack as ``make run`` starts it (``lifeline serve all`` as a real process, Telegram by webhook in front of a
local fake Bot API), seen from outside: what listens where, what answers without a key, what others may read, and
how it stops and recovers."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

import httpx
import pytest
from sqlalchemy import select

from bot.config import ROOT
from bot.processes import free_port
from bot.storage.database import engine_for, session_scope
from bot.telegram.identity import pseudonym
from bot.telegram.models import TelegramPerson
from tests.fake_telegram import FakeTelegram

pytestmark = pytest.mark.e2e
STAFF_GROUP = -1009876
FORGER, PERSON = 7301, 7302


@dataclass
class RunningStack:
    process: subprocess.Popen
    env: Dict[str, str]
    data: Path
    keys: Path
    fake: FakeTelegram

    def port(self, name: str) -> int:
        return int(self.env[name])

    def key(self, name: str) -> str:
        return (self.keys / f"{name}.key").read_text().strip()

    def health(self, name: str = "") -> httpx.Response:
        suffix = f"/{name}" if name else ""
        return httpx.get(f"http://127.0.0.1:{self.port('LIFELINE_HEALTH_PORT')}/health{suffix}", timeout=5)


def descendants(pid: int) -> Set[int]:
    """Every process below ``pid`` (from the parent ids in /proc)."""
    parents: Dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: Set[int]) -> Set[int]:
    living = set()
    for pid in pids:
        try:
            if (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) != "Z":
                living.add(pid)
        except OSError:
            continue
    return living


def child_running(root: int, words: str) -> Set[int]:
    return {pid for pid in alive(descendants(root))
            if words in Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")}


def listening_sockets(pids: Set[int]) -> List[Tuple[str, int]]:
    """(address, port) of every TCP socket in LISTEN state that one of ``pids`` holds (from /proc/net/tcp*)."""
    inodes: Set[str] = set()
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:
                address, port = fields[1].split(":")
                found.append((readable_address(address), int(port, 16)))
    return found


def readable_address(hex_address: str) -> str:
    raw = bytes.fromhex(hex_address)
    if len(raw) == 4:
        return ".".join(str(b) for b in raw[::-1])
    words = [raw[i:i + 4][::-1] for i in range(0, 16, 4)]
    return ":".join(b"".join(words)[i:i + 2].hex() for i in range(0, 16, 2))


def loopback(address: str) -> bool:
    return address.startswith("127.") or address == "0000:0000:0000:0000:0000:0000:0000:0001"


def wait(predicate, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def update(user_id: int, update_id: int, text: str = "/sos") -> Dict[str, object]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "chat": {"id": user_id, "type": "private"}, "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        "from": {"id": user_id, "is_bot": False, "first_name": "P", "language_code": "en"}}}


def start_stack(folder: Path, fake: FakeTelegram) -> RunningStack:
    data, keys = folder / "var", folder / "keys"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LIFELINE_DATA_DIR": str(data), "LIFELINE_KEY_DIR": str(keys),
           "TELEGRAM_BOT_TOKEN": "123456:TEST", "TELEGRAM_API_URL": fake.url,
           "TELEGRAM_WEBHOOK_URL": "https://example.org/telegram", "TELEGRAM_STAFF_CHAT_ID": str(STAFF_GROUP)}
    for name in ("RASA_PORT", "ACTIONS_PORT", "CONSOLE_PORT", "LIFELINE_HEALTH_PORT", "TELEGRAM_WEBHOOK_PORT"):
        env[name] = str(free_port())
    for name in ("DATABASE_URL", "LIFELINE_SECRET", "LIFELINE_PSEUDONYM_KEY", "LIFELINE_DATA_KEYS",
                 "LIFELINE_RASA_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "LIFELINE_ENV"):
        env.pop(name, None)
    folder.mkdir(parents=True, exist_ok=True)
    output = (folder / "serve.out").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "all"], cwd=ROOT, env=env,
                               stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                               start_new_session=True)
    running = RunningStack(process, env, data, keys, fake)

    def ready() -> bool:
        assert process.poll() is None, (folder / "serve.out").read_text()
        try:
            return running.health().status_code == 200
        except httpx.HTTPError:
            return False

    wait(ready, 400, "every process of lifeline serve all to be ready")
    return running


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, model_path: Path) -> Iterator[RunningStack]:
    fake = FakeTelegram().start()
    running = start_stack(tmp_path_factory.mktemp("security"), fake)
    yield running
    if running.process.poll() is None:
        os.killpg(running.process.pid, signal.SIGKILL)
        running.process.wait()
    fake.stop()


def test_only_the_webhook_listens_beyond_loopback(stack):
    sockets = listening_sockets(alive(descendants(stack.process.pid)) | {stack.process.pid})
    ports = {port for _, port in sockets}
    for name in ("RASA_PORT", "ACTIONS_PORT", "CONSOLE_PORT", "LIFELINE_HEALTH_PORT", "TELEGRAM_WEBHOOK_PORT"):
        assert stack.port(name) in ports, (name, sockets)
    beyond = [(address, port) for address, port in sockets if not loopback(address)]
    assert beyond and {port for _, port in beyond} == {stack.port("TELEGRAM_WEBHOOK_PORT")}, sockets


def test_rasa_api_refuses_requests_without_the_token(stack):
    base = f"http://127.0.0.1:{stack.port('RASA_PORT')}"
    for method, path in (("GET", "/status"), ("GET", "/conversations/anyone/tracker"), ("PUT", "/model"),
                         ("DELETE", "/model"), ("POST", "/model/parse")):
        for params in ({}, {"token": "wrong"}):
            answer = httpx.request(method, base + path, params=params, json={}, timeout=10)
            assert answer.status_code in (401, 403), (method, path, params, answer.status_code)
    answer = httpx.get(base + "/status", params={"token": stack.key("rasa-api")}, timeout=10)
    assert answer.status_code == 200 and answer.json()["model_id"]


def test_a_webhook_request_with_a_wrong_or_missing_secret_is_refused_and_not_processed(stack):
    url = f"http://127.0.0.1:{stack.port('TELEGRAM_WEBHOOK_PORT')}/telegram"
    forged = httpx.post(url, json=update(FORGER, 88001), headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
    missing = httpx.post(url, json=update(FORGER, 88002))
    assert forged.status_code in (401, 403) and missing.status_code in (401, 403)
    real = httpx.post(url, json=update(PERSON, 88003),
                      headers={"X-Telegram-Bot-Api-Secret-Token": stack.key("webhook")})
    assert real.status_code == 200
    stack.fake.wait_for(lambda _: stack.fake.sent_texts(PERSON))
    assert stack.fake.sent_texts(FORGER) == []
    key = stack.key("pseudonym").encode()
    with session_scope(engine_for(f"sqlite:///{stack.data / 'lifeline.db'}")) as session:
        stored = set(session.scalars(select(TelegramPerson.sender_key)))
    assert pseudonym(FORGER, key=key) not in stored


def test_nothing_in_the_data_and_key_folders_is_open_to_others(stack):
    assert (stack.data / "lifeline.db").exists() and list((stack.data / "logs").glob("*.log"))
    assert {p.name for p in stack.keys.iterdir()} >= {"pseudonym.key", "webhook.key", "rasa-api.key"}
    opened = [str(path) for folder in (stack.data, stack.keys) for path in [folder, *folder.rglob("*")]
              if stat.S_IMODE(path.stat().st_mode) & 0o077]
    assert opened == []


def test_a_killed_process_is_restarted_and_the_staff_group_told(stack):
    [console] = child_running(stack.process.pid, "serve console")
    os.kill(console, signal.SIGKILL)
    wait(lambda: stack.health("console").status_code == 503, 30, "the console to be reported down")
    wait(lambda: stack.health("console").status_code == 200, 120, "the console to come back")
    assert child_running(stack.process.pid, "serve console") - {console}
    assert stack.health("console").json()["restarts"] == 1
    alert = stack.fake.wait_for(lambda _: stack.fake.sent_texts(STAFF_GROUP))
    assert "console" in alert[-1] and "1" in alert[-1]


def test_sigterm_leaves_no_process_behind(stack):
    children = alive(descendants(stack.process.pid))
    assert len(children) >= 4
    os.kill(stack.process.pid, signal.SIGTERM)
    assert stack.process.wait(timeout=60) == 0
    wait(lambda: not alive(children), 30, "every child to end")


def test_sigkill_to_serve_leaves_no_process_behind(tmp_path, model_path):
    fake = FakeTelegram().start()
    running = start_stack(tmp_path, fake)
    children = alive(descendants(running.process.pid))
    try:
        assert len(children) >= 4
        os.kill(running.process.pid, signal.SIGKILL)
        running.process.wait()
        wait(lambda: not alive(children), 15, "every child to end")
    finally:
        for pid in alive(children):
            os.kill(pid, signal.SIGKILL)
        fake.stop()
