"""Lifeline's production shape as processes on loopback: action servers and Rasa servers, Telegram connectors in
webhook mode, HAProxy (Debian's binary, configured here) in front of each tier, a private Redis (Rasa's lock store
and the connectors' shared state) and PostgreSQL. The Rasa servers read ``deploy/endpoints.yml`` itself."""

from __future__ import annotations

import csv
import io
import os
import signal
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

import httpx
from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.config import ROOT, read_settings
from bot.directory.importer import import_records
from bot.directory.records import load_records
from bot.processes import (
    Stack,
    actions_command,
    answers,
    free_port,
    listening,
    process_env,
    rasa_command,
    rasa_ready,
    telegram_command,
    wait_for,
)
from bot.storage.database import engine_for, session_scope
from bot.storage.models import Conversation
from bot.telegram.identity import pseudonym
from tests.fake_telegram import FakeTelegram
from tests.redis_server import PrivateRedis

SECRET = "scale-secret"
WEBHOOK_SECRET = "scale-webhook-secret"
REDIS_PASSWORD = "scale-redis"
DATA_KEY = Fernet.generate_key().decode()
TICKET_LOCK_LIFETIME = "10"  # seconds Rasa's Redis lock outlives a Rasa server killed mid-message
SENDS_PER_SECOND = 25  # the bot's sending rate, below Telegram's 30 so that the tests see the connectors share it

HAPROXY = """global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 90s
    timeout server 90s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response 502 503
    option http-buffer-request  # a whole request kept, so that it can be sent again
    # A Rasa server busy with a burst answers its health check late (its event loop is busy): that is not a failure,
    # and a server that is gone refuses the check at once.
    timeout check 30s
    default-server inter 1s fall 2 rise 1

listen stats
    bind 127.0.0.1:{stats}
    stats enable
    stats uri /stats

frontend telegram_webhook
    bind 127.0.0.1:{webhook}
    http-request deny unless {{ path /telegram }} {{ method POST }}
    default_backend connectors

backend connectors
    balance roundrobin
{connectors}

frontend rasa
    bind 127.0.0.1:{rasa}
    default_backend rasa_servers

backend rasa_servers
    # Round robin: a request retried after a server dropped it goes to the next server, not the same one.
    balance roundrobin
    option httpchk GET /webhooks/lifeline/
{rasas}

frontend actions
    bind 127.0.0.1:{actions}
    default_backend action_servers

backend action_servers
    balance leastconn
    option httpchk GET /health
{actions_servers}
"""


@dataclass
class Topology:
    folder: Path
    database_url: str
    instances: int = 2
    connectors: int = 2
    redis: PrivateRedis = field(default_factory=lambda: PrivateRedis(REDIS_PASSWORD))
    fake: FakeTelegram = field(default_factory=FakeTelegram)
    ports: Dict[str, int] = field(default_factory=dict)
    stack: Stack = field(init=False)
    envs: Dict[str, Dict[str, str]] = field(default_factory=dict)

    def start(self, model: Path) -> "Topology":
        self.folder.mkdir(parents=True, exist_ok=True)
        with session_scope(engine_for(self.database_url)) as session:
            import_records(session, load_records().records)
        self.redis.start()
        self.fake.start()
        for name in ("webhook", "rasa", "actions", "stats"):
            self.ports[name] = free_port()
        base = process_env(read_settings({"DATABASE_URL": self.database_url}), {
            "LIFELINE_SECRET": SECRET, "LIFELINE_DATA_KEYS": DATA_KEY, "TELEGRAM_BOT_TOKEN": "123456:SCALE",
            "TELEGRAM_API_URL": self.fake.url, "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(self.redis.port),
            "REDIS_PASSWORD": REDIS_PASSWORD, "TICKET_LOCK_LIFETIME": TICKET_LOCK_LIFETIME,
            "TELEGRAM_SENDS_PER_SECOND": str(SENDS_PER_SECOND),
            "LIFELINE_ACTIONS_URL": f"http://127.0.0.1:{self.ports['actions']}/webhook",
            "RASA_URL": f"http://127.0.0.1:{self.ports['rasa']}",
            "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{self.ports['webhook']}/telegram",
            "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET, "TELEGRAM_WEBHOOK_INTERFACE": "127.0.0.1"})
        self.stack = Stack(env=base, log_dir=self.folder / "logs")
        try:
            for n in range(1, self.instances + 1):
                self.ports[f"actions-{n}"], self.ports[f"rasa-{n}"] = free_port(), free_port()
                self._start(f"actions-{n}", actions_command(self.ports[f"actions-{n}"]), base)
                self._start(f"rasa-{n}", rasa_command(model, self.ports[f"rasa-{n}"], ROOT / "deploy" /
                                                      "endpoints.yml"), base)
            for n in range(1, self.connectors + 1):
                self.ports[f"telegram-{n}"] = free_port()
                self._start(f"telegram-{n}", telegram_command(),
                            {**base, "TELEGRAM_WEBHOOK_PORT": str(self.ports[f"telegram-{n}"])})
            config = self.folder / "haproxy.cfg"
            config.write_text(self.haproxy_config(), encoding="utf-8")
            self._start("balancer", ["haproxy", "-db", "-f", str(config)], base)
            for name in self.stack.processes:
                if not wait_for(lambda: self.ready(name), 300, self.stack.processes[name]):
                    raise RuntimeError(f"{name} did not start (logs in {self.folder / 'logs'})")
            if not wait_for(lambda: all(row["status"] == "UP" for row in self.servers()), 30):
                raise RuntimeError(f"the balancer does not see every instance: {self.servers()}")
        except BaseException:
            self.stop()
            raise
        self.fake.deliver_to(f"http://127.0.0.1:{self.ports['webhook']}/telegram", WEBHOOK_SECRET)
        return self

    def haproxy_config(self) -> str:
        def servers(kind: str, count: int) -> str:
            return "\n".join(f"    server {kind}-{n} 127.0.0.1:{self.ports[f'{kind}-{n}']} check"
                             for n in range(1, count + 1))

        return HAPROXY.format(stats=self.ports["stats"], webhook=self.ports["webhook"], rasa=self.ports["rasa"],
                              actions=self.ports["actions"], connectors=servers("telegram", self.connectors),
                              rasas=servers("rasa", self.instances), actions_servers=servers("actions", self.instances))

    def _start(self, name: str, command: List[str], env: Dict[str, str]) -> None:
        self.envs[name] = env
        self.stack.env = env
        self.stack.start(name, command)

    def ready(self, name: str) -> bool:
        port = self.ports.get(name)
        if name.startswith("actions"):
            return answers(f"http://127.0.0.1:{port}/health")
        if name.startswith("rasa"):
            return rasa_ready(f"http://127.0.0.1:{port}", self.stack.rasa_token)
        if name == "balancer":
            return listening(self.ports["webhook"])
        return listening(port)

    def servers(self) -> List[Dict[str, str]]:
        """The balancer's view of each instance (its CSV statistics)."""
        try:
            text = httpx.get(f"http://127.0.0.1:{self.ports['stats']}/stats;csv", timeout=5).text
        except httpx.HTTPError:
            return []
        rows = csv.DictReader(io.StringIO(text.lstrip("# ")))
        return [row for row in rows if row["svname"] not in ("FRONTEND", "BACKEND")]

    def kill(self, name: str) -> None:
        """SIGKILL, as the kernel's OOM killer or a crash would."""
        process = self.stack.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def log(self, name: str) -> str:
        path = self.folder / "logs" / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def tracked_texts(self, user: int) -> List[str]:
        """What the person wrote, as Rasa's shared tracker holds it."""
        with session_scope(engine_for(self.database_url)) as session:
            stored = session.execute(select(Conversation.events).where(
                Conversation.sender_key == pseudonym(user, key=SECRET.encode()))).scalar_one_or_none()
        events = json.loads(Fernet(DATA_KEY.encode()).decrypt(stored.encode())) if stored else []
        return [event.get("text") for event in events if event.get("event") == "user"]

    def stop(self) -> None:
        if hasattr(self, "stack"):
            self.stack.stop_all()
        self.fake.stop()
        self.redis.destroy()
