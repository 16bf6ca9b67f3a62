"""Console figures: the queue page's time with 10,000 conversations (SQLite and PostgreSQL), and the time from a
staff reply to its sendMessage at a local fake Bot API (through the real console and Telegram connector)."""

from __future__ import annotations

import json
import random
import re
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, List

import httpx
from sqlalchemy import create_engine, insert, text

from bench.run import OUT
from bench.sandbox import sandbox_env
from bench.telegram import percentiles
from bot.cases.models import Case, new_public_id
from bot.processes import Stack, free_port, start_console, telegram_command
from bot.staff.accounts import create_account
from bot.storage.database import engine_for, session_scope
from bot.telegram.identity import pseudonym
from tests.fake_telegram import FakeTelegram

CONVERSATIONS = 10_000
PASSWORD = "bench password 1234"
POSTGRES_ADMIN = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
LANGUAGES = ["en", "th", "vi", "id", "ms", "km", "zh"]
REASONS = [None, "emergency_now", "held_captive", "passport_confiscated", "request_embassy", "forced_scamming"]


def fill(database_url: str) -> None:
    now = datetime.now(timezone.utc)
    rows = [{"public_id": new_public_id(), "sender_key": f"bench-{n}", "language": random.choice(LANGUAGES),
             "nationality": random.choice(["TH", "VN", "ID", "MY", "CN", "KH"]), "country": random.choice(["KH", "MM"]),
             "urgency": random.choice([0, 0, 1, 2]), "reason": random.choice(REASONS),
             "status": random.choice(["new", "new", "in_progress", "referred", "closed"]),
             "waiting_since": now - timedelta(minutes=random.randrange(1, 5000)), "last_message_at": now,
             "created_at": now - timedelta(days=random.randrange(0, 60))} for n in range(CONVERSATIONS)]
    with session_scope(engine_for(database_url)) as session:
        session.execute(insert(Case), rows)
        create_account(session, "bench", PASSWORD, "staff")


def signed_in(url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=30)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/signin").text).group(1)
    client.post("/signin", data={"csrf": token, "username": "bench", "password": PASSWORD})
    return client


def queue_times(url: str, requests: int = 200) -> Dict[str, float]:
    client = signed_in(url)
    paths = ["/queue", "/queue?page=40", "/queue?language=th", "/queue?status=all&page=150",
             "/queue?nationality=VN&country=KH", "/queue?assignee=nobody&status=new"]
    for path in paths:
        client.get(path).raise_for_status()
    samples: List[float] = []
    for n in range(requests):
        start = time.perf_counter()
        client.get(paths[n % len(paths)]).raise_for_status()
        samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)


def reply_times(folder: Path, database_url: str, replies: int = 100) -> Dict[str, float]:
    """Staff reply (the console's HTTP request) to the sendMessage the connector makes for it."""
    fake = FakeTelegram().start()
    port = free_port()
    env = {"TELEGRAM_BOT_TOKEN": "1:BENCH", "TELEGRAM_API_URL": fake.url, "LIFELINE_PSEUDONYM_KEY": "bench",
           "CONSOLE_PORT": str(port), "RASA_URL": f"http://localhost:{free_port()}", "DATABASE_URL": database_url}
    stack = Stack(env=sandbox_env(folder, env), log_dir=folder / "logs")
    person = 777000111
    try:
        stack.start("telegram", telegram_command())
        start_console(stack, port)
        fake.wait_for(lambda calls: [c for c in calls if c.method == "getUpdates"], timeout=60)
        fake.message(person, "hello")  # Rasa is not running: the safety reply; the connector now knows the chat
        fake.wait_for(lambda calls: [c for c in calls if c.method == "sendMessage"], timeout=60)
        with session_scope(engine_for(database_url)) as session:  # Rasa is not running: the case is made here
            case = Case(sender_key=pseudonym(person, b"bench"), language="en", status="new", urgency=2)
            session.add(case)
            session.flush()
            public_id = case.public_id
        client = signed_in(f"http://localhost:{port}")
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get(f"/cases/{public_id}").text).group(1)
        client.post(f"/cases/{public_id}/takeover", data={"csrf": csrf})
        fake.wait_for(lambda calls: len([c for c in calls if c.method == "sendMessage"]) >= 2, timeout=30)
        samples: List[float] = []
        for n in range(replies):
            start = time.perf_counter()
            client.post(f"/cases/{public_id}/reply", data={"csrf": csrf, "text": f"reply number {n}"},
                        headers={"Accept": "application/json"}).raise_for_status()
            call = fake.wait_for(lambda calls: [c for c in calls if c.method == "sendMessage"
                                                and c.params.get("text") == f"reply number {n}"], timeout=30)
            samples.append((call[0].at - start) * 1000)
        return percentiles(samples)
    finally:
        stack.stop_all()
        fake.stop()


def postgres_database() -> str:
    name = f"lifeline_bench_{uuid.uuid4().hex[:8]}"
    with create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return name


def drop_postgres(name: str) -> None:
    with create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> None:
    random.seed(7)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pg_name = postgres_database()
        try:
            for name, url in (("sqlite", f"sqlite:///{folder / 'bench.db'}"),
                              ("postgresql", f"postgresql+psycopg2://postgres@127.0.0.1:5432/{pg_name}")):
                fill(url)
                port = free_port()
                stack = Stack(env=sandbox_env(folder, {"DATABASE_URL": url, "CONSOLE_PORT": str(port)}),
                              log_dir=folder / "logs")
                try:
                    start_console(stack, port)
                    results[f"queue_{name}"] = queue_times(f"http://localhost:{port}")
                finally:
                    stack.stop_all()
            results["reply_to_send_sqlite"] = reply_times(folder, f"sqlite:///{folder / 'bench.db'}")
        finally:
            drop_postgres(pg_name)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "console.json").write_text(json.dumps(results, indent=2))
    print(f"| console figure ({CONVERSATIONS:,} conversations) | p50 ms | p95 ms | n |")
    print("|---|---|---|---|")
    for name, figure in results.items():
        print(f"| {name.replace('_', ' ')} | {figure['p50_ms']} | {figure['p95_ms']} | {figure['n']} |")


if __name__ == "__main__":
    main()
