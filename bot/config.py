"""The one place that reads the environment.

Everything else asks :func:`settings` for its configuration, so a process's behaviour can be read off this file.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional, Tuple
from urllib.parse import quote

PACKAGE = Path(__file__).resolve().parent
SOURCE_CHECKOUT = PACKAGE.parent
INSTALLED_DATA = Path(sys.prefix) / "share" / "lifeline"


def project_root(checkout: Path = SOURCE_CHECKOUT, installed: Path = INSTALLED_DATA) -> Path:
    """Where the domain, catalogs, contact files, NLU data, stories and Rasa configuration are: the source checkout
    the package runs from, or (installed without one) ``<prefix>/share/lifeline`` (``[tool.setuptools.data-files]``
    in pyproject.toml)."""
    return checkout if (checkout / "domain").is_dir() else installed


ROOT = project_root()
DIRECTORY_DATA = ROOT / "data" / "directory"
LOCALES = ROOT / "locales"
DOMAIN = ROOT / "domain"
NLU = ROOT / "nlu"
MODELS = ROOT / "models"
VAR = ROOT / "var"
LOOPBACK = "127.0.0.1"


def default_key_dir(env: Mapping[str, str]) -> Path:
    """Where local runs keep generated keys: the user's configuration folder, never the data folder ``var/``."""
    home = Path(env.get("HOME") or "~").expanduser()
    base = Path(env["XDG_CONFIG_HOME"]) if env.get("XDG_CONFIG_HOME") else home / ".config"
    return base / "lifeline" / "keys"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    rasa_url: str
    rasa_port: int
    actions_port: int
    telegram_token: Optional[str]
    telegram_api_url: str
    telegram_webhook_url: Optional[str]
    telegram_webhook_secret: Optional[str]
    telegram_webhook_port: int
    telegram_staff_chat_id: Optional[int]
    console_port: int
    console_url: str
    directory_path: Path
    pseudonym_key: Optional[str]
    legacy_secret: Optional[str]
    data_keys: Tuple[str, ...]
    rasa_token: Optional[str]
    key_dir: Path
    environment: str
    rasa_interface: str
    actions_interface: str
    console_interface: str
    telegram_webhook_interface: str
    health_port: int
    health_interface: str
    retention_days: int
    default_language: str
    log_level: str
    trusted_proxies: Tuple[str, ...] = ()
    redis_url: Optional[str] = None  # the connectors' shared state; none: one connector, its state in process
    telegram_sends_per_second: float = 30.0  # the bot's overall sending rate, shared by every connector

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"


def read_settings(env: Mapping[str, str]) -> Settings:
    """Builds settings from an environment mapping (``os.environ`` in production)."""
    rasa_port = int(env.get("RASA_PORT", "5005"))
    data_dir = Path(env["LIFELINE_DATA_DIR"]) if env.get("LIFELINE_DATA_DIR") else VAR
    console_port = int(env.get("CONSOLE_PORT", "8080"))
    return Settings(
        data_dir=data_dir,
        database_url=env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'lifeline.db'}",
        rasa_url=env.get("RASA_URL") or f"http://localhost:{rasa_port}",
        rasa_port=rasa_port,
        actions_port=int(env.get("ACTIONS_PORT", "5055")),
        telegram_token=env.get("TELEGRAM_BOT_TOKEN") or None,
        telegram_api_url=(env.get("TELEGRAM_API_URL") or "https://api.telegram.org").rstrip("/"),
        telegram_webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or None,
        telegram_webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or None,
        telegram_webhook_port=int(env.get("TELEGRAM_WEBHOOK_PORT", "8443")),
        telegram_staff_chat_id=int(env["TELEGRAM_STAFF_CHAT_ID"]) if env.get("TELEGRAM_STAFF_CHAT_ID") else None,
        console_port=console_port,
        console_url=(env.get("LIFELINE_CONSOLE_URL") or f"http://localhost:{console_port}").rstrip("/"),
        directory_path=Path(env["LIFELINE_DIRECTORY"]) if env.get("LIFELINE_DIRECTORY") else DIRECTORY_DATA,
        pseudonym_key=env.get("LIFELINE_PSEUDONYM_KEY") or env.get("LIFELINE_SECRET") or None,
        legacy_secret=env.get("LIFELINE_SECRET") or None,
        data_keys=tuple(k.strip() for k in env.get("LIFELINE_DATA_KEYS", "").split(",") if k.strip()),
        rasa_token=env.get("LIFELINE_RASA_TOKEN") or None,
        key_dir=Path(env["LIFELINE_KEY_DIR"]) if env.get("LIFELINE_KEY_DIR") else default_key_dir(env),
        environment=env.get("LIFELINE_ENV", "development"),
        rasa_interface=env.get("RASA_INTERFACE") or LOOPBACK,
        actions_interface=env.get("ACTIONS_INTERFACE") or LOOPBACK,
        console_interface=env.get("CONSOLE_INTERFACE") or LOOPBACK,
        telegram_webhook_interface=env.get("TELEGRAM_WEBHOOK_INTERFACE") or "0.0.0.0",
        health_port=int(env.get("LIFELINE_HEALTH_PORT", "8079")),
        health_interface=env.get("LIFELINE_HEALTH_INTERFACE") or LOOPBACK,
        retention_days=int(env.get("LIFELINE_RETENTION_DAYS", "90")),
        default_language=env.get("LIFELINE_DEFAULT_LANGUAGE", "en"),
        log_level=env.get("LIFELINE_LOG_LEVEL", "INFO"),
        trusted_proxies=tuple(p.strip() for p in env.get("LIFELINE_TRUSTED_PROXIES", "").split(",") if p.strip()),
        redis_url=redis_url(env),
        telegram_sends_per_second=float(env.get("TELEGRAM_SENDS_PER_SECOND") or 30),
    )


def redis_url(env: Mapping[str, str]) -> Optional[str]:
    """Where the Telegram connectors share their state: ``LIFELINE_REDIS_URL``, or database 2 of the Redis server
    that holds Rasa's lock store (``REDIS_HOST``, ``REDIS_PORT``, ``REDIS_PASSWORD``, as in ``deploy/``)."""
    if env.get("LIFELINE_REDIS_URL"):
        return env["LIFELINE_REDIS_URL"]
    if not env.get("REDIS_HOST"):
        return None
    password = f":{quote(env['REDIS_PASSWORD'], safe='')}@" if env.get("REDIS_PASSWORD") else ""
    return f"redis://{password}{env['REDIS_HOST']}:{env.get('REDIS_PORT') or '6379'}/2"


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The settings of this process, read once from the environment."""
    return read_settings(os.environ)
