"""``make bench`` on a live installation: the figures come out, and nothing a user of that installation can see has
changed (its database, its ``var/`` folder)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict

import pytest

from bot.cases.models import Case
from bot.config import ROOT, VAR
from bot.storage.database import engine_for, session_scope

pytestmark = pytest.mark.e2e


def fingerprint(folder: Path) -> Dict[str, str]:
    """Every file below ``folder`` with a hash of its content and its modification time."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): f"{hashlib.sha256(path.read_bytes()).hexdigest()} {path.stat().st_mtime_ns}"
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def test_bench_leaves_a_live_installation_as_it_was(tmp_path: Path, model_path: Path) -> None:
    live = tmp_path / "live.db"
    with session_scope(engine_for(f"sqlite:///{live}")) as session:
        session.add(Case(sender_key="a person of the live installation", language="th", status="new", urgency=1))
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "pseudonym.key").write_text("the live installation's key")
    live_before, var_before = fingerprint(tmp_path), fingerprint(VAR)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{live}", "LIFELINE_KEY_DIR": str(tmp_path / "keys"),
           "TELEGRAM_BOT_TOKEN": "1:LIVE", "TELEGRAM_API_URL": "http://127.0.0.1:9", "PYTHONPATH": str(ROOT)}
    out = tmp_path / "figures"
    subprocess.run([sys.executable, "-m", "bench.run", "--messages", "10", "--users", "2", "--out", str(out)],
                   cwd=ROOT, env=env, check=True, timeout=900)

    figures = {row["name"]: row for row in json.loads((out / "core.json").read_text())}
    assert set(figures) == {"lifeline", "bare rasa init"}
    assert all(row["messages_per_s"] > 0 for row in figures.values())
    assert fingerprint(tmp_path) == {**live_before, "figures/core.json": fingerprint(tmp_path)["figures/core.json"]}
    assert fingerprint(VAR) == var_before
