"""``lifeline serve``: one process in the foreground, or the whole stack with the staff console (then Telegram, or
a chat in the terminal)."""

from __future__ import annotations

import subprocess
import sys

from bot.config import VAR, settings
from bot.model import ensure_model
from bot.serve import (
    Stack,
    actions_command,
    process_env,
    rasa_command,
    retention_command,
    start_actions,
    start_console,
    start_rasa,
    telegram_command,
)
from bot.terminal import chat


def serve(process: str) -> int:
    config = settings()
    env = process_env(config)
    if process == "actions":
        return subprocess.call(actions_command(config.actions_port), env=env)
    if process == "rasa":
        return subprocess.call(rasa_command(ensure_model(), config.rasa_port), env=env)
    if process == "console":
        from bot.console.app import run as run_console
        from bot.storage.database import default_engine

        run_console(config, default_engine())
        return 0
    if process == "retention":
        from bot.storage.database import default_engine
        from bot.storage.retention_schedule import run_forever

        run_forever(default_engine(), config.retention_days)
        return 0
    if process == "telegram":
        from bot.storage.database import default_engine
        from bot.telegram.connector import run

        if not config.telegram_token:
            print("Set TELEGRAM_BOT_TOKEN to serve Telegram.", file=sys.stderr)
            return 2
        run(config, default_engine())
        return 0
    stack = Stack(env=env, log_dir=VAR / "logs")
    try:
        print(f"Starting the action server and the Rasa server (logs in {VAR / 'logs'}) ...", flush=True)
        start_actions(stack, config.actions_port)
        start_rasa(stack, ensure_model(), config.rasa_port)
        start_console(stack, config.console_port)
        stack.start("retention", retention_command())
        print(f"Staff console: {config.console_url} (lifeline staff add NAME --role admin makes the first account)",
              flush=True)
        if config.telegram_token:
            mode = "webhook" if config.telegram_webhook_url else "long polling"
            print(f"Serving Telegram ({mode}); Ctrl-C stops everything.", flush=True)
            return stack.start("telegram", telegram_command()).wait()
        chat(config.rasa_url)
    except RuntimeError as error:
        print(f"Lifeline could not start: {error}. See the logs in {VAR / 'logs'}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop_all()
    return 0
