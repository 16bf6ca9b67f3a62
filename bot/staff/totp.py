"""Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), as authenticator apps make."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from typing import Optional
from urllib.parse import quote

STEP_SECONDS = 30
DIGITS = 6


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def code_at(secret: str, moment: float) -> str:
    counter = int(moment // STEP_SECONDS)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def matching_step(secret: str, code: str, now: Optional[float] = None, window: int = 1,
                  after: Optional[int] = None) -> Optional[int]:
    """The time step whose code ``code`` is, this step or ``window`` steps either side (clock drift); None when
    it is none of them. Steps up to ``after`` (the last one accepted) do not count: each code is accepted once."""
    now = time.time() if now is None else now
    code = "".join(code.split())
    current = int(now // STEP_SECONDS)
    for step in range(current - window, current + window + 1):
        if (after is None or step > after) and hmac.compare_digest(code_at(secret, step * STEP_SECONDS), code):
            return step
    return None


def provisioning_uri(secret: str, username: str, issuer: str = "Lifeline") -> str:
    """The ``otpauth://`` address an authenticator app reads (usually from a QR code)."""
    return (f"otpauth://totp/{quote(issuer)}:{quote(username)}?secret={secret}&issuer={quote(issuer)}"
            f"&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}")
