from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "essaim.portal"
    label = "portal"
