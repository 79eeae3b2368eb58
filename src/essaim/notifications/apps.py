from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "essaim.notifications"
    label = "notifications"
