"""``lifeline serve``: one process in the foreground, or the whole stack with a chat in the terminal."""

from __future__ import annotations

import subprocess
import sys

from bot.config import VAR, settings
from bot.model import ensure_model
from bot.serve import Stack, actions_command, process_env, rasa_command, start_actions, start_rasa
from bot.terminal import chat

TELEGRAM_NOT_YET = (
    "TELEGRAM_BOT_TOKEN is set, but Lifeline's Telegram connector is not part of this version yet.\n"
    "Serving the local chat in this terminal instead."
)


def serve(process: str) -> int:
    config = settings()
    env = process_env(config)
    if process == "actions":
        return subprocess.call(actions_command(config.actions_port), env=env)
    if process == "rasa":
        return subprocess.call(rasa_command(ensure_model(), config.rasa_port), env=env)
    stack = Stack(env=env, log_dir=VAR / "logs")
    try:
        print(f"Starting the action server and the Rasa server (logs in {VAR / 'logs'}) ...", flush=True)
        start_actions(stack, config.actions_port)
        start_rasa(stack, ensure_model(), config.rasa_port)
        if config.telegram_token:
            print(TELEGRAM_NOT_YET, file=sys.stderr)
        chat(config.rasa_url)
    except RuntimeError as error:
        print(f"Lifeline could not start: {error}. See the logs in {VAR / 'logs'}.", file=sys.stderr)
        return 1
    finally:
        stack.stop_all()
    return 0
