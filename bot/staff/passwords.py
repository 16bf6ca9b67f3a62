"""Password hashing with scrypt (memory-hard; Python's standard library, OpenSSL underneath).

A hash is stored as ``scrypt$<n>$<r>$<p>$<salt>$<key>`` (base64), so the cost can be raised later without
breaking the passwords already stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

COST_N, BLOCK_R, PARALLEL_P = 2**15, 8, 1  # 32 MiB of memory per hash
KEY_BYTES = 32
MIN_LENGTH = 10


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES,
                          maxmem=n * r * 256)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    key = _scrypt(password, salt, COST_N, BLOCK_R, PARALLEL_P)
    return f"scrypt${COST_N}${BLOCK_R}${PARALLEL_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        candidate = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate, base64.b64decode(key))


def dummy_verify(password: str) -> None:
    """Spends the time of a real check, so a missing account answers as slowly as a wrong password."""
    _scrypt(password, b"\0" * 16, COST_N, BLOCK_R, PARALLEL_P)
