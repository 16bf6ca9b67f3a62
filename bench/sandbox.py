"""A throwaway Lifeline for benchmarks: its own database, keys and folders, so that a benchmark run on a live
installation changes nothing its users can see.

A benchmark's processes get an environment without any of the installation's own settings (database, keys, Telegram
bot, staff group, ports) and with fresh ones pointing into a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Mapping, Optional

from bot.config import ROOT

# Settings of the installation that a benchmark process must never inherit.
INSTALLATION_PREFIXES = ("LIFELINE_", "TELEGRAM_", "RASA_", "ACTIONS_", "CONSOLE_")
INSTALLATION_NAMES = ("DATABASE_URL",)


def sandbox_env(folder: Path, extra: Optional[Mapping[str, str]] = None,
                environ: Mapping[str, str] = os.environ) -> Dict[str, str]:
    """The environment of a benchmark process: the machine's (PATH, locale, ...), none of the installation's, a
    database, data folder and key folder in ``folder`` (the processes make their own keys there)."""
    env = {name: value for name, value in environ.items()
           if not name.startswith(INSTALLATION_PREFIXES) and name not in INSTALLATION_NAMES}
    env.update({
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": sandbox_database(folder),
        "LIFELINE_DATA_DIR": str(folder / "var"),
        "LIFELINE_KEY_DIR": str(folder / "keys"),
    })
    env.update(extra or {})
    return env


def sandbox_database(folder: Path) -> str:
    return f"sqlite:///{folder / 'bench.db'}"
