from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "essaim.backoffice"
    label = "backoffice"
