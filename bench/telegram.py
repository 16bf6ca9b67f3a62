"""Telegram connector latency: an update in at a local fake Bot API to its first sendMessage out, with 1 and with
50 people writing at once, next to the same messages sent straight to Rasa's REST channel."""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Dict, List

import httpx

from bench.run import OUT, english_messages
from bench.sandbox import sandbox_database, sandbox_env
from bot.processes import Stack, endpoints_for, free_port, start_actions, start_rasa, telegram_command
from bot.rasa_model import ensure_model
from tests.fake_telegram import FakeTelegram


# Seconds each person waits after an answer before their next message, on both paths.
PAUSE = 0.2


def percentiles(samples: List[float]) -> Dict[str, float]:
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[max(int(len(ordered) * 0.95) - 1, 0)], 1), "n": len(ordered)}


def through_telegram(fake: FakeTelegram, messages: List[str], people: int, first_user: int) -> List[float]:
    """``people`` at once, each sending their share of the messages one after the other; each message comes from a
    Telegram account of its own, as a new person would write (the flood limit is per person). Latencies in ms."""
    latencies: List[float] = []
    lock = threading.Lock()

    def person(index: int) -> None:
        for n, text in enumerate(messages[index::people]):
            user = first_user + index * 1000 + n
            start = time.perf_counter()
            fake.message(user, text)
            # Waits on the fake's condition for this chat: fifty threads copying every call 50 times a second
            # would take the interpreter from the fake Bot API in this process, and time the benchmark instead.
            if not fake.wait_sent(user, 0, timeout=120):
                raise AssertionError(f"no answer to {text!r}")
            first = fake.sent_times([user])[0]
            with lock:
                latencies.append((first - start) * 1000)
            time.sleep(PAUSE)  # the rest of the reply arrives before the next message

    threads = [threading.Thread(target=person, args=(i,)) for i in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


async def _through_rest(url: str, messages: List[str], people: int, prefix: str) -> List[float]:
    """The same messages straight to Rasa, at the same pace: a server that rested between two messages answers
    several milliseconds slower than one kept busy, so both paths pause alike."""
    latencies: List[float] = []

    async def person(client: httpx.AsyncClient, index: int) -> None:
        for n, text in enumerate(messages[index::people]):
            start = time.perf_counter()
            reply = await client.post(url, json={"sender": f"{prefix}-{index}-{n}", "message": text})
            reply.raise_for_status()
            latencies.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(PAUSE)

    async with httpx.AsyncClient(timeout=120) as client:
        await asyncio.gather(*(person(client, i) for i in range(people)))
    return latencies


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        from bot.directory.importer import import_records
        from bot.directory.records import load_records
        from bot.storage.database import engine_for, session_scope

        with session_scope(engine_for(sandbox_database(folder))) as session:
            import_records(session, load_records().records)
        stack = Stack(env=sandbox_env(folder), log_dir=folder / "logs")
        fake = FakeTelegram().start()
        rasa_port, actions_port = free_port(), free_port()
        results = {}
        try:
            start_actions(stack, actions_port)
            start_rasa(stack, ensure_model(), rasa_port, endpoints_for(folder, actions_port))
            rasa_url = f"http://localhost:{rasa_port}"
            stack.env = {**stack.env, "TELEGRAM_BOT_TOKEN": "1:BENCH", "TELEGRAM_API_URL": fake.url,
                         "RASA_URL": rasa_url}
            stack.start("telegram", telegram_command())
            fake.wait_for(lambda calls: [c for c in calls if c.method == "getUpdates"], timeout=60)
            rest = f"{rasa_url}/webhooks/rest/webhook"
            for people, count in ((1, 200), (50, 250)):
                messages = english_messages(count, seed=people)
                asyncio.run(_through_rest(rest, messages[:10], 1, f"warm-{people}"))
                direct = asyncio.run(_through_rest(rest, messages, people, f"rest-{people}"))
                telegram = through_telegram(fake, messages, people, first_user=10_000 * people)
                results[people] = {"rest": percentiles(direct), "telegram": percentiles(telegram)}
        finally:
            stack.stop_all()
            fake.stop()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "telegram.json").write_text(json.dumps(results, indent=2))
    print("| people at once | REST p50 | REST p95 | Telegram p50 | Telegram p95 | p95 ratio |")
    print("|---|---|---|---|---|---|")
    for people, result in results.items():
        rest, telegram = result["rest"], result["telegram"]
        print(f"| {people} | {rest['p50_ms']} | {rest['p95_ms']} | {telegram['p50_ms']} | {telegram['p95_ms']} | "
              f"{telegram['p95_ms'] / rest['p95_ms']:.2f} |")


if __name__ == "__main__":
    main()
