"""Encryption at rest of what people wrote.

Fernet (AES-128 in CBC mode with an HMAC-SHA256) under the keys in ``LIFELINE_DATA_KEYS``: a comma-separated list,
newest first. The newest key encrypts; every key listed decrypts, so a key is rotated by putting a new one first,
running ``lifeline keys rotate`` (which re-encrypts every row under the new key), then dropping the old one.
Without the variable (a laptop trying the bot), a key is derived from the project's secret.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet

from bot.config import settings
from bot.secret import secret_key


@lru_cache(maxsize=1)
def cipher() -> MultiFernet:
    keys = settings().data_keys
    if not keys:
        derived = hashlib.sha256(b"lifeline-data-key:" + secret_key()).digest()
        keys = (base64.urlsafe_b64encode(derived).decode(),)
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    return cipher().decrypt(token.encode("ascii")).decode("utf-8")


def reencrypt(token: str) -> str:
    """The same text under the newest key."""
    return cipher().rotate(token.encode("ascii")).decode("ascii")


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")
