"""``make bench``: Lifeline's latency, throughput and memory, next to a bare Rasa server measured in the same run.

The bare server is the same Rasa version's ``rasa init`` bot, trained and run in a folder of its own with its own
``endpoints.yml`` (an in-memory tracker store) and nothing of Lifeline's. Both get the same messages (English examples
of Lifeline's training data, each sent by a new conversation). Everything either writes goes to a temporary folder
(see ``bench/sandbox.py``): a run on a live installation leaves its database, keys and logs as they were.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import httpx

from bench.sandbox import sandbox_database, sandbox_env
from bot.config import ROOT
from bot.processes import Stack, endpoints_for, free_port, start_actions, start_rasa, wait_until_ready
from bot.rasa_model import ensure_model
from bot.training_data import nlu_examples

OUT = ROOT / "bench" / "out"


@dataclass
class Figures:
    name: str
    p50_ms: float
    p95_ms: float
    messages_per_s: float
    peak_rss_mb: Dict[str, float]


def english_messages(count: int, seed: int = 7) -> List[str]:
    messages = [example.text for example in nlu_examples("en")]
    random.Random(seed).shuffle(messages)
    return (messages * (count // len(messages) + 1))[:count]


def peak_rss_mb(pid: int) -> float:
    """The peak resident memory of a process and its children (VmHWM), in MB."""
    total = 0
    for child in [pid, *_descendants(pid)]:
        try:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return round(total / 1024, 1)


def _descendants(pid: int) -> List[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    children = [int(p) for p in out]
    return children + [d for c in children for d in _descendants(c)]


def latency(url: str, messages: List[str], sender_prefix: str) -> List[float]:
    timings = []
    with httpx.Client(timeout=30) as client:
        for i, text in enumerate(messages):
            start = time.perf_counter()
            reply = client.post(url, json={"sender": f"{sender_prefix}-{i}", "message": text})
            reply.raise_for_status()
            timings.append((time.perf_counter() - start) * 1000)
    return timings


async def throughput(url: str, messages: List[str], users: int, sender_prefix: str) -> float:
    queue: asyncio.Queue = asyncio.Queue()
    for item in enumerate(messages):
        queue.put_nowait(item)

    async def user(client: httpx.AsyncClient, n: int) -> None:
        while not queue.empty():
            i, text = queue.get_nowait()
            reply = await client.post(url, json={"sender": f"{sender_prefix}-{n}-{i % 5}", "message": text})
            reply.raise_for_status()

    start = time.perf_counter()
    async with httpx.AsyncClient(timeout=60) as client:
        await asyncio.gather(*(user(client, n) for n in range(users)))
    return len(messages) / (time.perf_counter() - start)


def measure(name: str, url: str, stack: Stack, messages: List[str], users: int) -> Figures:
    latency(url, messages[:20], f"{name}-warm")
    timings = sorted(latency(url, messages, f"{name}-one"))
    rate = asyncio.run(throughput(url, messages, users, f"{name}-many"))
    return Figures(
        name=name,
        p50_ms=round(statistics.median(timings), 1),
        p95_ms=round(timings[int(len(timings) * 0.95) - 1], 1),
        messages_per_s=round(rate, 1),
        peak_rss_mb={process: peak_rss_mb(p.pid) for process, p in stack.processes.items()},
    )


@contextmanager
def running_lifeline(folder: Path) -> Iterator[Tuple[str, Stack]]:
    """A whole Lifeline for measuring: a fresh SQLite database with the directory, the action server and the Rasa
    server on free ports; yields the Rasa server's URL and the stack, and stops it afterwards."""
    from bot.directory.importer import import_records
    from bot.directory.records import load_records
    from bot.storage.database import engine_for, session_scope

    with session_scope(engine_for(sandbox_database(folder))) as session:
        import_records(session, load_records().records)
    stack = Stack(env=sandbox_env(folder), log_dir=folder / "logs")
    rasa_port, actions_port = free_port(), free_port()
    try:
        start_actions(stack, actions_port)
        start_rasa(stack, ensure_model(), rasa_port, endpoints_for(folder, actions_port))
        yield f"http://localhost:{rasa_port}", stack
    finally:
        stack.stop_all()


def lifeline_figures(folder: Path, messages: List[str], users: int) -> Figures:
    with running_lifeline(folder) as (url, stack):
        return measure("lifeline", f"{url}/webhooks/rest/webhook", stack, messages, users)


def bare_rasa_figures(folder: Path, messages: List[str], users: int) -> Figures:
    bare = folder / "bare"
    bare.mkdir()
    subprocess.run([sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(bare)], cwd=bare,
                   check=True, capture_output=True)
    model = next((bare / "models").glob("*.tar.gz"))
    env = sandbox_env(folder)
    env.pop("PYTHONPATH")
    stack = Stack(env=env, log_dir=folder / "bare-logs", cwd=bare)
    port = free_port()
    try:
        stack.start("rasa", [sys.executable, "-m", "rasa", "run", "--enable-api", "--interface", "127.0.0.1",
                             "--model", str(model), "--port", str(port), "--endpoints", str(bare / "endpoints.yml"),
                             "--credentials", str(bare / "credentials.yml")])
        if not wait_until_ready(f"http://localhost:{port}/status", 240, stack.processes["rasa"]):
            raise RuntimeError("the bare Rasa server did not start")
        return measure("bare rasa init", f"http://localhost:{port}/webhooks/rest/webhook", stack, messages, users)
    finally:
        stack.stop_all()


def table(ours: Figures, bare: Figures) -> str:
    rows = [
        ("p50 latency, 1 user (ms)", ours.p50_ms, bare.p50_ms),
        ("p95 latency, 1 user (ms)", ours.p95_ms, bare.p95_ms),
        ("throughput, 20 users (msg/s)", ours.messages_per_s, bare.messages_per_s),
        ("peak memory, Rasa server (MB)", ours.peak_rss_mb.get("rasa", 0), bare.peak_rss_mb.get("rasa", 0)),
        ("peak memory, action server (MB)", ours.peak_rss_mb.get("actions", 0), 0),
    ]
    lines = ["| figure | Lifeline | bare Rasa | ratio |", "|---|---|---|---|"]
    for label, a, b in rows:
        lines.append(f"| {label} | {a} | {b or '-'} | {round(a / b, 2) if b else '-'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=300,
                        help="messages per measurement (200 or more for figures worth reporting)")
    parser.add_argument("--users", type=int, default=20, help="concurrent conversations for throughput")
    parser.add_argument("--out", type=Path, default=OUT, help="where the figures are written (core.json)")
    args = parser.parse_args()
    messages = english_messages(max(args.messages, 10))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ours = lifeline_figures(folder, messages, args.users)
        bare = bare_rasa_figures(folder, messages, args.users)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "core.json").write_text(json.dumps([asdict(ours), asdict(bare)], indent=2))
    print(table(ours, bare))


if __name__ == "__main__":
    main()
