from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "essaim.funds"
    label = "funds"
