from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "essaim.accounts"
    label = "accounts"

    def ready(self):
        from . import signals  # noqa: F401 — connects the two-factor receivers
