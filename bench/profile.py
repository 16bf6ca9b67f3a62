"""Where the time of one message goes: samples the Rasa server and the action server with py-spy while Lifeline
answers messages one after the other, and prints the largest costs (a function's share of the busy samples of its
process, the time spent in it and in what it calls).

    python -m bench.profile [--messages 200] [--users 1] [--raw DIR]

With ``--users 20`` the messages come from twenty conversations at once, as in ``bench.run``'s throughput figure.

Besides the largest functions, it prints the share of the Rasa server's busy samples spent in each part of a
message's handling (``COMPONENTS``; a sample counts towards every part on its stack, so parts may nest).

Needs py-spy (``pip install -e '.[bench]'``) and the right to trace processes (root, or ptrace_scope 0).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from bench.run import OUT, english_messages, latency, running_lifeline, throughput
from bot.channels.webhook import WEBHOOK

# Frames that only carry the work of others (the event loop, the web framework) are not costs of their own.
ROOT_SHARE = 0.9
FRAME = re.compile(r"^(?P<function>.+?) \((?P<file>.+?)(?::\d+)?\)$")

# Threads waiting for work (a worker thread's idle loop) that py-spy counts as busy: such samples are left out.
IDLE_LEAVES = (("_worker", "concurrent/futures/thread.py"),)


def _busy(stack: str) -> bool:
    match = FRAME.match(stack.rsplit(";", 1)[-1])
    return not match or not any(match["function"] == function and match["file"].endswith(path)
                                for function, path in IDLE_LEAVES)


# The parts of a message's handling in the Rasa server: a name, and the frames (function and file) that mark it.
COMPONENTS: Tuple[Tuple[str, Tuple[Tuple[str, str], ...]], ...] = (
    ("the whole message (Rasa's MessageProcessor.handle_message)", (("handle_message", "rasa/core/processor.py"),)),
    ("NLU pipeline (parse_message)", (("parse_message", "rasa/core/processor.py"),)),
    ("language detection (bot/i18n/detect.py)", (("detect", "bot/i18n/detect.py"),)),
    ("dialogue policies (TED, rules, memoization)", (("_predict_next_with_tracker", "rasa/core/processor.py"),)),
    ("calls to the action server (RemoteAction.run: request, answer, its responses)",
     (("_action_call_format", "rasa/core/actions/action.py"), ("request", "rasa/utils/endpoints.py"),
      ("_validate_action_result", "rasa/core/actions/action.py"), ("_utter_responses", "rasa/core/actions/action.py"),
      ("deserialise_events", "rasa/shared/core/events.py"))),
    ("checking the action server's answer (JSON schema)",
     (("_validate_action_result", "rasa/core/actions/action.py"),)),
    ("the request sent to the action server (tracker state and domain)",
     (("_action_call_format", "rasa/core/actions/action.py"),)),
    ("response generation (bot/i18n/nlg.py)", (("generate", "bot/i18n/nlg.py"),)),
    ("reading the tracker (tracker store, also in its worker thread)", (("retrieve", "bot/storage/tracker_store.py"),
                                                                        ("_read", "bot/storage/tracker_store.py"))),
    ("saving the tracker (tracker store, also in its worker thread)", (("save", "bot/storage/tracker_store.py"),
                                                                       ("_write", "bot/storage/tracker_store.py"))),
    ("  of which encryption (Fernet)", (("encrypt", "bot/storage/crypto.py"),)),
    ("  of which the case for the staff queue", (("update_case", "bot/cases/record.py"),
                                                ("summarise", "bot/cases/record.py"))),
    ("the reply language (bot/i18n/conversation.py)", (("conversation_language", "bot/i18n/conversation.py"),
                                                        ("language_of_events", "bot/i18n/conversation.py"))),
)


def busy_samples(collapsed: Iterable[str]) -> Iterator[Tuple[List[Tuple[str, Optional[re.Match]]], int]]:
    """Each busy stack of py-spy's raw (collapsed) output: its frames (each with its parsed function and file, or
    None) and its sample count."""
    for line in collapsed:
        stack, _, count = line.rstrip().rpartition(" ")
        if stack and count.isdigit() and _busy(stack):
            yield [(frame, FRAME.match(frame)) for frame in stack.split(";")], int(count)


def costs(collapsed: Iterable[str], top: int = 10) -> List[Tuple[str, float]]:
    """The ``top`` functions by inclusive share of the samples in py-spy's raw (collapsed) output."""
    inclusive: Dict[str, int] = collections.Counter()
    total = 0
    for frames, count in busy_samples(collapsed):
        total += count
        names = {f"{match['function']} ({short(match['file'])})" if match else frame for frame, match in frames}
        for name in names:
            inclusive[name] += count
    if not total:
        return []
    shares = [(name, count / total) for name, count in inclusive.items() if count / total < ROOT_SHARE
              and not name.startswith(("process ", "thread "))]
    return sorted(shares, key=lambda item: -item[1])[:top]


def component_shares(collapsed: Iterable[str]) -> List[Tuple[str, float]]:
    """Each of ``COMPONENTS`` with its share of the samples (a sample counts once for a part, wherever on its
    stack the part appears)."""
    counts: Dict[str, int] = collections.Counter()
    total = 0
    for frames, count in busy_samples(collapsed):
        total += count
        parsed = {(match["function"], match["file"]) for _, match in frames if match}
        for name, marks in COMPONENTS:
            if any(function == mark and file.endswith(path) for function, file in parsed for mark, path in marks):
                counts[name] += count
    return [(name, counts[name] / total if total else 0.0) for name, _ in COMPONENTS]


def short(path: str) -> str:
    for marker in ("site-packages/", "/bot/", "/actions/"):
        if marker in path:
            head = "" if marker == "site-packages/" else marker.strip("/") + "/"
            return head + path.split(marker, 1)[1]
    return path


def record(pid: int, out: Path) -> subprocess.Popen:
    py_spy = Path(sys.executable).parent / "py-spy"
    return subprocess.Popen([str(py_spy), "record", "--pid", str(pid), "--format", "raw", "--rate", "250",
                             "--output", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--users", type=int, default=1, help="conversations at once")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--raw", type=Path, help="a folder to keep py-spy's raw samples in (rasa.txt, actions.txt)")
    args = parser.parse_args()
    messages = english_messages(args.messages, seed=11)
    results: Dict[str, List[Tuple[str, float]]] = {}
    parts: List[Tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp, running_lifeline(Path(tmp)) as (base, stack):
        url = f"{base}{WEBHOOK}"
        latency(url, messages[:20], "warm")
        samplers = {name: (record(stack.processes[name].pid, Path(tmp) / f"{name}.txt"), Path(tmp) / f"{name}.txt")
                    for name in ("rasa", "actions")}
        time.sleep(1)
        if args.users > 1:
            asyncio.run(throughput(url, messages, args.users, "profile"))
        else:
            latency(url, messages, "profile")
        for name, (sampler, out) in samplers.items():
            sampler.send_signal(signal.SIGINT)
            sampler.wait(timeout=60)
            lines = out.read_text().splitlines() if out.exists() else []
            results[name] = costs(lines, args.top)
            if name == "rasa":
                parts = component_shares(lines)
            if args.raw and out.exists():
                args.raw.mkdir(parents=True, exist_ok=True)
                (args.raw / out.name).write_text(out.read_text())
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "profile.json").write_text(json.dumps({**results, "rasa components": parts}, indent=2))
    print("\nrasa: share of busy samples by part of a message's handling\n")
    print("| part | share |\n|---|---|")
    for part, share in parts:
        print(f"| {part} | {share:.0%} |")
    for name, rows in results.items():
        print(f"\n{name}: share of busy samples (inclusive)\n")
        print("| function | share |\n|---|---|")
        for function, share in rows:
            print(f"| `{function}` | {share:.0%} |")


if __name__ == "__main__":
    main()
