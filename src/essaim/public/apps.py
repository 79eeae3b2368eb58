from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "essaim.public"
    label = "public"
