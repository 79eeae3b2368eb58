"""Two-factor secrets are encrypted in the database, survive a SECRET_KEY rotation done the
Django way, and the ones written in the clear before are encrypted by the migration."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from cryptography.fernet import InvalidToken
from django.core.cache import cache
from django.core.management import call_command

from essaim.accounts import secrets_at_rest
from essaim.accounts.secrets_at_rest import decrypt, reencrypted, rewrite_secrets

from ..factories import UserFactory
from .totp import totp_code

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
OLD_KEY = "an-old-secret-key-for-the-tests-0123456789abcdefghijklmnop"
NEW_KEY = "a-new-secret-key-for-the-tests-0123456789abcdefghijklmnopq"


@pytest.fixture(autouse=True)
def _no_code_used_yet():
    cache.clear()  # allauth remembers used codes per user id, which the tests reuse


def _stored(user, kind) -> dict:
    return Authenticator.objects.get(user=user, type=kind).data


def _code_is_accepted(user, step: int = 0) -> bool:
    """A code of the step before, the current one or the next (allauth accepts one step
    either way and refuses a code used once)."""
    totp = TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
    return totp.validate_code(totp_code(SECRET, at=time.time() + 30 * step))


def test_the_totp_key_and_the_recovery_seed_are_not_stored_in_the_clear():
    user = UserFactory()
    TOTP.activate(user, SECRET)
    codes = RecoveryCodes.activate(user).generate_codes()
    totp = _stored(user, Authenticator.Type.TOTP)
    seed = _stored(user, Authenticator.Type.RECOVERY_CODES)["seed"]
    assert totp["secret"].startswith(secrets_at_rest.PREFIX)
    assert SECRET not in totp["secret"]
    assert seed.startswith(secrets_at_rest.PREFIX)
    assert decrypt(totp["secret"]) == SECRET
    # what the person types still works
    assert _code_is_accepted(user)
    recovery = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes"))
    assert recovery.validate_code(codes[0])


def test_a_rotated_secret_key_keeps_the_codes_and_the_command_rewrites_them(settings):
    settings.SECRET_KEY = OLD_KEY
    user = UserFactory()
    TOTP.activate(user, SECRET)
    before = _stored(user, Authenticator.Type.TOTP)["secret"]

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, [OLD_KEY]
    assert _code_is_accepted(user, step=-1)
    call_command("reencrypt_two_factor_secrets", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = _stored(user, Authenticator.Type.TOTP)["secret"]
    assert after != before

    settings.SECRET_KEY_FALLBACKS = []  # the old key can go
    assert _code_is_accepted(user, step=0)
    settings.SECRET_KEY = OLD_KEY  # a secret is not readable with another key
    with pytest.raises(InvalidToken):
        decrypt(after)


def test_the_migration_encrypts_secrets_stored_in_the_clear_and_can_go_back():
    user = UserFactory()
    Authenticator.objects.create(user=user, type="totp", data={"secret": SECRET})
    Authenticator.objects.create(
        user=user, type="recovery_codes", data={"seed": "0123abcd", "used_mask": 0}
    )
    # a clear value (from before) is read as it is until the migration runs
    assert _code_is_accepted(user, step=-1)

    assert rewrite_secrets(Authenticator, reencrypted) == 2
    totp = _stored(user, "totp")
    codes = _stored(user, "recovery_codes")
    assert totp["secret"].startswith(secrets_at_rest.PREFIX)
    assert decrypt(codes["seed"]) == "0123abcd"
    assert codes["used_mask"] == 0
    assert _code_is_accepted(user)

    assert rewrite_secrets(Authenticator, decrypt) == 2  # the migration's way back
    assert _stored(user, "totp")["secret"] == SECRET
