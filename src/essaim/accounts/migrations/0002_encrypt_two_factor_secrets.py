"""The two-factor secrets stored in the clear before encryption are encrypted
(essaim.accounts.secrets_at_rest); going back writes them in the clear again."""

from django.db import migrations


def encrypt_secrets(apps, schema_editor):
    from essaim.accounts.secrets_at_rest import reencrypted, rewrite_secrets

    rewrite_secrets(apps.get_model("mfa", "Authenticator"), reencrypted)


def decrypt_secrets(apps, schema_editor):
    from essaim.accounts.secrets_at_rest import decrypt, rewrite_secrets

    rewrite_secrets(apps.get_model("mfa", "Authenticator"), decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
