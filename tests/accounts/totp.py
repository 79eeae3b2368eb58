"""TOTP codes computed the way an authenticator app does (RFC 6238: HMAC-SHA1, 30-second
steps, 6 digits), with the standard library only — not with allauth's own code."""

import base64
import hashlib
import hmac
import re
import struct
import time


def totp_code(secret: str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    key = base64.b32decode(re.sub(r"\s", "", secret).upper())
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def secret_on_page(html: str) -> str:
    """The key the set-up page shows for people who cannot scan the QR code."""
    match = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html)
    assert match, "no secret shown on the page"
    return match.group(1).replace(" ", "")
