"""Two-factor secrets (the TOTP key, the recovery codes' seed) are encrypted in the database.

A copy of the database alone (a backup, a leaked dump) then gives nobody the codes. The keys
are derived from SECRET_KEY and SECRET_KEY_FALLBACKS (HKDF-SHA256): rotating SECRET_KEY the
Django way, the old key moved to SECRET_KEY_FALLBACKS, keeps every authenticator working
(`manage.py reencrypt_two_factor_secrets` then rewrites them under the new key, after which
the old key can go). Fernet (AES-128-CBC with HMAC-SHA256) from `cryptography`.
"""

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Marks what this module wrote: a value without it was stored before encryption.
PREFIX = "fernet:"


def _fernet_for(secret: str) -> Fernet:
    raw = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"essaim.accounts.secrets_at_rest",
        info=b"allauth.mfa secrets",
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(raw))


@lru_cache(maxsize=4)
def _fernet(secrets: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_fernet_for(secret) for secret in secrets])


def _current() -> MultiFernet:
    return _fernet((settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())))


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX)


def encrypt(text: str) -> str:
    return PREFIX + _current().encrypt(text.encode()).decode()


def decrypt(value: str) -> str:
    """The clear text; a value stored before encryption is returned as it is (the migration
    `accounts.0002` encrypts those). Raises cryptography's InvalidToken when no key of
    SECRET_KEY and SECRET_KEY_FALLBACKS opens it."""
    if not is_encrypted(value):
        return value
    return _current().decrypt(value[len(PREFIX) :].encode()).decode()


# Where allauth keeps each kind of authenticator's secret.
SECRET_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed",)}


def reencrypted(value: str) -> str:
    """`value` (clear, or encrypted under any known key) encrypted under the current key."""
    return encrypt(decrypt(value))


def rewrite_secrets(authenticator_model, transform=reencrypted) -> int:
    """Apply `transform` to every stored secret; the number of authenticators rewritten.
    Takes the model so that a migration can pass its historical one."""
    rewritten = 0
    for row in authenticator_model.objects.filter(type__in=SECRET_FIELDS).order_by("pk"):
        data = dict(row.data)
        for field in SECRET_FIELDS[row.type]:
            if field in data:
                data[field] = transform(data[field])
        if "migrated_codes" in data:  # codes carried over from django-allauth's older versions
            data["migrated_codes"] = [transform(code) for code in data["migrated_codes"]]
        if data != row.data:
            row.data = data
            row.save(update_fields=["data"])
            rewritten += 1
    return rewritten
