from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "essaim.applications"
    label = "applications"
