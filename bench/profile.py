"""Where the time of one message goes: samples the Rasa server and the action server with py-spy while Lifeline
answers messages one after the other, and prints the largest costs (a function's share of the busy samples of its
process, the time spent in it and in what it calls).

    python -m bench.profile [--messages 200]

Needs py-spy (``pip install -e '.[bench]'``) and the right to trace processes (root, or ptrace_scope 0).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

from bench.run import OUT, english_messages, latency, running_lifeline
from bot.channels.webhook import WEBHOOK

# Frames that only carry the work of others (the event loop, the web framework) are not costs of their own.
ROOT_SHARE = 0.9
FRAME = re.compile(r"^(?P<function>.+?) \((?P<file>.+?)(?::\d+)?\)$")


def costs(collapsed: Iterable[str], top: int = 10) -> List[Tuple[str, float]]:
    """The ``top`` functions by inclusive share of the samples in py-spy's raw (collapsed) output."""
    inclusive: Dict[str, int] = collections.Counter()
    total = 0
    for line in collapsed:
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        total += int(count)
        seen = set()
        for frame in stack.split(";"):
            match = FRAME.match(frame)
            name = f"{match['function']} ({short(match['file'])})" if match else frame
            if name not in seen:
                seen.add(name)
                inclusive[name] += int(count)
    if not total:
        return []
    shares = [(name, count / total) for name, count in inclusive.items() if count / total < ROOT_SHARE
              and not name.startswith(("process ", "thread "))]
    return sorted(shares, key=lambda item: -item[1])[:top]


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
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    messages = english_messages(args.messages, seed=11)
    results: Dict[str, List[Tuple[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp, running_lifeline(Path(tmp)) as (base, stack):
        url = f"{base}{WEBHOOK}"
        latency(url, messages[:20], "warm")
        samplers = {name: (record(stack.processes[name].pid, Path(tmp) / f"{name}.txt"), Path(tmp) / f"{name}.txt")
                    for name in ("rasa", "actions")}
        time.sleep(1)
        latency(url, messages, "profile")
        for name, (sampler, out) in samplers.items():
            sampler.send_signal(signal.SIGINT)
            sampler.wait(timeout=60)
            results[name] = costs(out.read_text().splitlines(), args.top) if out.exists() else []
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "profile.json").write_text(json.dumps(results, indent=2))
    for name, rows in results.items():
        print(f"\n{name}: share of busy samples (inclusive)\n")
        print("| function | share |\n|---|---|")
        for function, share in rows:
            print(f"| `{function}` | {share:.0%} |")


if __name__ == "__main__":
    main()
