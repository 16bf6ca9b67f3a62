"""Scale-out figures on this machine: the Rasa tier's throughput with one and with two Rasa servers (each with its
action server) behind HAProxy, sharing PostgreSQL and the Redis lock store; the peak memory of every instance; and
people talking through the whole topology (webhook, two connectors, the Rasa tier) as ``tests/e2e/test_scale.py``
does, at full size.

    python -m bench.scale [--messages 400] [--users 32] [--people 200]

Not part of ``make bench``: each topology takes a minute or two to start. The Rasa tier is measured on the Lifeline
channel the connectors use (one HTTP request a message, many people at once), the way ``bench.run`` measures one
Rasa server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, List

from sqlalchemy import create_engine, text

from bench.run import OUT, english_messages, peak_rss_mb, throughput
from bench.sandbox import sandbox_env
from bot.rasa_model import ensure_model
from bot.channels.webhook import WEBHOOK
from tests.e2e.topology import Topology

POSTGRES_ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


@contextmanager
def private_database() -> Iterator[str]:
    """A database of its own on the machine's PostgreSQL, dropped afterwards."""
    name = f"lifeline_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}"
    finally:
        from bot.storage.database import engine_for

        engine_for.cache_clear()
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                               {"n": name})
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def people_through_telegram(topology: Topology, people: int, per_person: int) -> Dict[str, float]:
    """``people`` at once, each sending ``per_person`` messages, the next once the last is answered."""
    waits: List[float] = []
    lock = threading.Lock()
    fake = topology.fake

    def person(user: int) -> None:
        for _ in range(per_person):
            before, started = len(fake.sent_texts(user)), time.monotonic()
            fake.message(user, "hello")
            fake.wait_sent(user, before, timeout=120)
            with lock:
                waits.append(time.monotonic() - started)

    started = time.monotonic()
    threads = [threading.Thread(target=person, args=(30_000 + n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - started
    waits.sort()
    return {"people": people, "messages": len(waits), "seconds": round(took, 1),
            "messages_per_s": round(len(waits) / took, 1), "p50_s": round(statistics.median(waits), 2),
            "p95_s": round(waits[int(len(waits) * 0.95) - 1], 2)}


def rasa_tier(folder: Path, instances: int, messages: List[str], users: int, people: int) -> Dict[str, Any]:
    with private_database() as url:
        topology = Topology(folder / f"rasa-{instances}", url, instances=instances).start(ensure_model())
        try:
            base = f"http://127.0.0.1:{topology.ports['rasa']}{WEBHOOK}"
            asyncio.run(throughput(base, messages[:40], users, "warm"))
            rate = asyncio.run(throughput(base, messages, users, f"tier-{instances}"))
            figures: Dict[str, Any] = {"rasa_instances": instances, "messages_per_s": round(rate, 1)}
            if people:
                figures["through_telegram"] = people_through_telegram(topology, people, 5)
            figures["peak_rss_mb"] = {name: peak_rss_mb(process.pid)
                                      for name, process in topology.stack.processes.items()}
            return figures
        finally:
            topology.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=400, help="messages per throughput measurement")
    parser.add_argument("--users", type=int, default=32, help="concurrent conversations for throughput")
    parser.add_argument("--people", type=int, default=200,
                        help="people x 5 messages through the webhook with two Rasa servers (0: skip)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the figures are written (scale.json)")
    args = parser.parse_args()
    messages = english_messages(args.messages)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = sandbox_env(folder)  # keys and data of the bench's own, never the installation's
        os.environ.clear()
        os.environ.update(env)
        one = rasa_tier(folder, 1, messages, args.users, 0)
        two = rasa_tier(folder, 2, messages, args.users, args.people)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps([one, two], indent=2))
    print(json.dumps([one, two], indent=2))
    print(f"two Rasa servers / one: {two['messages_per_s'] / one['messages_per_s']:.2f}x")


if __name__ == "__main__":
    main()
