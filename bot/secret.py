"""The project's secret key (``LIFELINE_SECRET``): keys the pseudonyms of Telegram identities.

Without the variable (a laptop trying the bot), a random key is created once in ``var/secret.key``; production sets
the variable.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache

from bot.config import VAR, settings

SECRET_FILE = VAR / "secret.key"


@lru_cache(maxsize=1)
def secret_key() -> bytes:
    configured = settings().secret
    if configured:
        return configured.encode()
    if not SECRET_FILE.exists():
        # Several processes may start at once: each writes its own file, and the first link wins.
        VAR.mkdir(parents=True, exist_ok=True)
        draft = VAR / f"secret.key.{os.getpid()}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(draft, SECRET_FILE)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return SECRET_FILE.read_text().strip().encode()
