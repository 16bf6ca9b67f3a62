"""Time from ``lifeline serve all`` (what ``make run`` starts) on an installed, trained checkout to the first answer
to a message, sent to the Rasa server's Lifeline channel every quarter of a second until one comes.

    python -m bench.first_answer [--runs 2]

Runs in a sandbox (``bench/sandbox.py``) on free ports, with a local fake Bot API in front of the connector.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

import httpx

from bench.sandbox import sandbox_env
from bot.channels.webhook import WEBHOOK
from bot.config import ROOT
from bot.processes import free_port
from bot.rasa_model import ensure_model
from tests.fake_telegram import FakeTelegram

POLL = 0.25
TIMEOUT = 300.0


def first_answer(folder: Path, fake_url: str) -> Optional[float]:
    """Seconds from starting ``lifeline serve all`` to its first answer (None if none came in time)."""
    rasa_port = free_port()
    env = sandbox_env(folder, {
        "TELEGRAM_BOT_TOKEN": "1:FIRST", "TELEGRAM_API_URL": fake_url, "RASA_PORT": str(rasa_port),
        "ACTIONS_PORT": str(free_port()), "CONSOLE_PORT": str(free_port()), "LIFELINE_HEALTH_PORT": str(free_port()),
    })
    url = f"http://127.0.0.1:{rasa_port}{WEBHOOK}"
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "all"], cwd=ROOT, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(timeout=10) as client:
            while time.monotonic() - start < TIMEOUT and process.poll() is None:
                try:
                    reply = client.post(url, json={"sender": "first", "message": "help"})
                    if reply.status_code == 200 and reply.json():
                        return time.monotonic() - start
                except httpx.HTTPError:
                    pass
                time.sleep(POLL)
        return None
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    ensure_model()
    fake = FakeTelegram().start()
    try:
        for run in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                seconds = first_answer(Path(tmp), fake.url)
            print(f"run {run + 1}: " + (f"first answer after {seconds:.1f} s" if seconds else "no answer in time"))
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
