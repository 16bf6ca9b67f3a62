"""Lifeline's keys, each with one job, so that one leaked key is not everything.

- pseudonym key (``LIFELINE_PSEUDONYM_KEY``; its former name ``LIFELINE_SECRET`` still works): the HMAC that turns a
  Telegram id into a pseudonym;
- data keys (``LIFELINE_DATA_KEYS``, see :mod:`bot.storage.crypto`): encrypt conversations at rest;
- webhook secret (``TELEGRAM_WEBHOOK_SECRET``): what Telegram must send with each webhook request;
- Rasa API token (``LIFELINE_RASA_TOKEN``): opens the Rasa server's HTTP API.

Production (``LIFELINE_ENV=production``) takes every key from the environment and refuses to start without one. A
local run generates the missing ones, once, into the key folder (``LIFELINE_KEY_DIR``, by default in the user's
configuration folder), which is never the data folder ``var/``: a copied ``var/`` then holds no key.

Older versions kept one secret in ``var/secret.key`` (or ``LIFELINE_SECRET``) and derived the data key from it. That
derived key still decrypts (it is listed after the current data keys, so ``lifeline keys rotate`` moves the data to
the current key), and a local run keeps using the old secret as its pseudonym key so that people keep their
conversations.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Callable, List, Optional, Tuple

from cryptography.fernet import Fernet

from bot.config import Settings, settings

logger = logging.getLogger(__name__)
LEGACY_SECRET_FILE = "secret.key"
PSEUDONYM, DATA, WEBHOOK, RASA_API = "pseudonym", "data", "webhook", "rasa-api"
VARIABLES = {PSEUDONYM: "LIFELINE_PSEUDONYM_KEY", DATA: "LIFELINE_DATA_KEYS", WEBHOOK: "TELEGRAM_WEBHOOK_SECRET",
             RASA_API: "LIFELINE_RASA_TOKEN"}


class MissingKeys(RuntimeError):
    """Production runs without a key it needs in the environment."""


def _configured(config: Settings, name: str) -> Tuple[str, ...]:
    values = {PSEUDONYM: (config.pseudonym_key,), DATA: config.data_keys,
              WEBHOOK: (config.telegram_webhook_secret,), RASA_API: (config.rasa_token,)}[name]
    return tuple(value for value in values if value)


def required_keys(config: Settings) -> List[str]:
    """The keys a production run needs: the webhook secret only when Telegram calls a webhook."""
    return [PSEUDONYM, DATA, RASA_API] + ([WEBHOOK] if config.telegram_webhook_url else [])


def check_production_keys(config: Settings) -> None:
    """Refuses a production start unless every key it needs is in the environment."""
    if not config.production:
        return
    missing = [VARIABLES[name] for name in required_keys(config) if not _configured(config, name)]
    if missing:
        raise MissingKeys(f"LIFELINE_ENV=production needs {', '.join(missing)} in the environment "
                          "(keys are never generated or read from files in production)")


def _legacy_secret(config: Settings) -> Optional[bytes]:
    """The one secret of older versions: ``LIFELINE_SECRET``, or ``var/secret.key`` on a local run."""
    if config.legacy_secret:
        return config.legacy_secret.encode()
    legacy_file = config.data_dir / LEGACY_SECRET_FILE
    if not config.production and legacy_file.is_file():
        return legacy_file.read_text().strip().encode()
    return None


def _write_new(path: Path, make: Callable[[], str]) -> None:
    """Creates ``path`` (mode 0600) with a new value unless it exists; processes starting at once agree on one."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(make())
    try:
        os.link(draft, path)
        logger.warning("Generated a new %s key in %s for this local run; production sets %s instead.",
                       path.stem, path, VARIABLES[path.stem])
    except FileExistsError:
        pass
    finally:
        draft.unlink()


def _local_key(config: Settings, name: str, make: Callable[[], str]) -> str:
    if config.production:
        raise MissingKeys(f"LIFELINE_ENV=production needs {VARIABLES[name]} in the environment")
    path = config.key_dir / f"{name}.key"
    if not path.exists():
        _write_new(path, make)
    return path.read_text().strip()


def _new_pseudonym_key(config: Settings) -> Callable[[], str]:
    legacy = _legacy_secret(config)
    return (lambda: legacy.decode()) if legacy else (lambda: secrets.token_hex(32))


def key_for(config: Settings, name: str) -> str:
    """The pseudonym key, the webhook secret or the Rasa API token: configured, or generated for a local run."""
    configured = _configured(config, name)
    if configured:
        return configured[0]
    make = _new_pseudonym_key(config) if name == PSEUDONYM else (lambda: secrets.token_urlsafe(32))
    return _local_key(config, name, make)


def data_keys_for(config: Settings) -> Tuple[str, ...]:
    """Fernet keys, newest first: configured (or generated locally), then the one older versions derived."""
    keys = _configured(config, DATA) or (_local_key(config, DATA, lambda: Fernet.generate_key().decode("ascii")),)
    legacy = _legacy_secret(config)
    if legacy:
        derived = base64.urlsafe_b64encode(hashlib.sha256(b"lifeline-data-key:" + legacy).digest()).decode()
        keys += (derived,) if derived not in keys else ()
    return keys


@lru_cache(maxsize=None)
def key(name: str) -> str:
    """:func:`key_for` this process's settings, read once."""
    return key_for(settings(), name)


def pseudonym_key() -> bytes:
    return key(PSEUDONYM).encode()
