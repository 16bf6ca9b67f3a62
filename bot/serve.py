"""``lifeline serve``: one process in the foreground, or the whole stack with the staff console (then Telegram, or
a chat in the terminal), supervised."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List

import bot.tables  # noqa: F401 - every table and erasure hook, for the processes started here
from bot.config import Settings, settings
from bot.logs import make_private, prune
from bot.processes import (
    Stack,
    actions_command,
    answers,
    endpoints_for,
    listening,
    process_env,
    rasa_command,
    rasa_ready,
    retention_command,
    start_actions,
    start_console,
    start_rasa,
    telegram_command,
)
from bot.rasa_model import ensure_model
from bot.secret import MissingKeys, check_production_keys
from bot.supervisor import Shutdown, Supervisor, handle_stop_signals, ignore_stop_signals, serve_health, \
    staff_restart_alert
from bot.terminal import chat


def serve(process: str) -> int:
    config = settings()
    try:
        check_production_keys(config)
    except MissingKeys as error:
        print(f"Lifeline will not start: {error}.", file=sys.stderr)
        return 2
    env = process_env(config)
    if process == "actions":
        return subprocess.call(actions_command(config.actions_port), env=env)
    if process == "rasa":
        return subprocess.call(rasa_alone_command(config, ensure_model()), env=env)
    if process == "console":
        from bot.console.server import run as run_console
        from bot.storage.database import default_engine

        run_console(config, default_engine(), host=config.console_interface)
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
    return serve_all(config, env)


def rasa_alone_command(config: Settings, model: Path) -> List[str]:
    """The Rasa server started on its own, calling the action server on ``ACTIONS_PORT``."""
    config.data_dir.mkdir(parents=True, exist_ok=True)
    return rasa_command(model, config.rasa_port, endpoints_for(config.data_dir, config.actions_port),
                        interface=config.rasa_interface)


def serve_all(config: Settings, env: Dict[str, str]) -> int:
    """Every process, supervised, until SIGTERM, SIGINT or SIGHUP (or the end of the terminal chat)."""
    make_private(config.data_dir)
    prune(config.log_dir, config.retention_days)
    stack = Stack(env=env, log_dir=config.log_dir, retention_days=config.retention_days)
    rasa_url, token = f"http://localhost:{config.rasa_port}", stack.rasa_token
    probes = {
        "actions": lambda: answers(f"http://localhost:{config.actions_port}/health"),
        "rasa": lambda: rasa_ready(rasa_url, token),
        "console": lambda: answers(f"http://localhost:{config.console_port}/signin"),
    }
    supervisor = Supervisor(stack, probes, staff_restart_alert(config))
    handle_stop_signals()
    try:
        print(f"Starting the action server and the Rasa server (logs in {config.log_dir}) ...", flush=True)
        start_actions(stack, config.actions_port)
        start_rasa(stack, ensure_model(), config.rasa_port, endpoints_for(config.data_dir, config.actions_port),
                   interface=config.rasa_interface)
        start_console(stack, config.console_port)
        stack.start("retention", retention_command())
        probes["retention"] = lambda: True  # running is all it needs; it erases every 6 hours
        if config.telegram_token:
            stack.start("telegram", telegram_command())
            # Running, the connector answers /sos even without Rasa; a webhook must also accept connections.
            probes["telegram"] = ((lambda: listening(config.telegram_webhook_port)) if config.telegram_webhook_url
                                  else (lambda: True))
        supervisor.check()
        supervisor.start()
        try:
            serve_health(supervisor, config.health_interface, config.health_port)
            print(f"Health of each process: http://{config.health_interface}:{config.health_port}/health/NAME",
                  flush=True)
        except OSError as error:  # the bot still serves people; only the health URLs are missing
            print(f"No health URLs: port {config.health_port} is not free ({error.strerror}).", file=sys.stderr)
        print(f"Staff console: {config.console_url} (lifeline staff add NAME --role admin makes the first account)",
              flush=True)
        if config.telegram_token:
            mode = "webhook" if config.telegram_webhook_url else "long polling"
            print(f"Serving Telegram ({mode}); Ctrl-C or SIGTERM stops everything.", flush=True)
            while True:
                time.sleep(3600)
        chat(config.rasa_url)
    except RuntimeError as error:
        print(f"Lifeline could not start: {error}. See the logs in {config.log_dir}.", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, Shutdown):
        return 0
    finally:
        ignore_stop_signals()
        supervisor.stop()
    return 0
