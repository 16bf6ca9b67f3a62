"""Encryption at rest of what people wrote.

Fernet (AES-128 in CBC mode with an HMAC-SHA256) under the keys in ``LIFELINE_DATA_KEYS``: a comma-separated list,
newest first. The newest key encrypts; every key listed decrypts, so a key is rotated by putting a new one first,
running ``lifeline keys rotate`` (which re-encrypts every row under the new key), then dropping the old one.
Without the variable (a laptop trying the bot), a key is generated into the key folder (:mod:`bot.secret`); the key
older versions derived from their one secret is listed last, so their data still decrypts until rotated.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet

from bot.config import settings
from bot.secret import data_keys_for


@lru_cache(maxsize=1)
def cipher() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in data_keys_for(settings())])


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    return cipher().decrypt(token.encode("ascii")).decode("utf-8")


def reencrypt(token: str) -> str:
    """The same text under the newest key."""
    return cipher().rotate(token.encode("ascii")).decode("ascii")


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")
