"""Process supervision with real child processes (small Python programs standing in for the servers)."""

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx

from bot.processes import STOP_ORDER, Stack, free_port
from bot.supervisor import Supervisor, serve_health


def sleeper(record: Path, name: str):
    """A child that writes its name to ``record`` when it gets SIGTERM, then ends."""
    code = textwrap.dedent(f"""
        import signal, sys, time
        def stop(*_):
            with open({str(record)!r}, "a") as out:
                out.write({name!r} + "\\n")
            sys.exit(0)
        signal.signal(signal.SIGTERM, stop)
        print("started", flush=True)
        time.sleep(120)
    """)
    return [sys.executable, "-c", code]


def wait(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    raise AssertionError("timed out")


def gone(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_stop_all_stops_the_connector_first_and_the_action_server_last(tmp_path):
    record = tmp_path / "stopped"
    stack = Stack(env=dict(os.environ), log_dir=tmp_path / "logs")
    for name in ("actions", "rasa", "console", "retention", "telegram"):
        stack.start(name, sleeper(record, name))
    wait(lambda: all("started" in (tmp_path / "logs" / f"{n}.log").read_text() for n in STOP_ORDER
                     if (tmp_path / "logs" / f"{n}.log").exists()) and len(list((tmp_path / "logs").iterdir())) == 5)
    stack.stop_all()
    assert record.read_text().split() == list(STOP_ORDER)
    assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "logs").iterdir()} == {0o600}


def test_a_child_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path):
    stack = Stack(env=dict(os.environ), log_dir=tmp_path)
    process = stack.start("telegram", [sys.executable, "-c",
                                       "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                                       "print('ready', flush=True); time.sleep(120)"])
    wait(lambda: "ready" in (tmp_path / "telegram.log").read_text())
    started = time.monotonic()
    stack.stop("telegram", grace=1.0)
    assert process.returncode == -signal.SIGKILL and time.monotonic() - started < 10


def test_children_die_with_their_parent_even_when_it_is_killed(tmp_path):
    parent_code = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
        from bot.processes import Stack
        stack = Stack(env=dict(os.environ))
        children = [stack.start(n, [sys.executable, "-c", "import time; time.sleep(120)"]).pid for n in ("a", "b")]
        print(" ".join(map(str, children)), flush=True)
        time.sleep(120)
    """)
    parent = subprocess.Popen([sys.executable, "-c", parent_code], stdout=subprocess.PIPE, text=True)
    children = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(children) == 2 and not any(gone(pid) for pid in children)
    parent.kill()
    parent.wait()
    wait(lambda: all(gone(pid) for pid in children), timeout=10)


def test_a_crashed_child_is_restarted_with_its_health_reported_and_the_restart_told(tmp_path):
    stack = Stack(env=dict(os.environ))
    stack.start("console", sleeper(tmp_path / "stopped", "console"))
    told = []
    supervisor = Supervisor(stack, {"console": lambda: True}, lambda name, count: told.append((name, count)),
                            interval=0.1)
    supervisor.check()
    port = free_port()
    server = serve_health(supervisor, "127.0.0.1", port)
    supervisor.start()
    try:
        health = f"http://127.0.0.1:{port}/health"
        assert httpx.get(health + "/console").json() == {"running": True, "ready": True, "restarts": 0}
        assert httpx.get(health).status_code == 200 and httpx.get(health + "/nobody").status_code == 404
        first = stack.processes["console"]
        first.kill()
        wait(lambda: httpx.get(health + "/console").status_code == 503)
        wait(lambda: told == [("console", 1)])
        assert stack.processes["console"].pid != first.pid and stack.processes["console"].poll() is None
        wait(lambda: httpx.get(health + "/console").status_code == 200)
        second = stack.processes["console"]
    finally:
        server.shutdown()
        supervisor.stop()
    assert second.poll() is not None and stack.processes == {}
