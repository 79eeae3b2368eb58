from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "essaim.core"
    label = "core"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.backends.signals import connection_created

        from . import audit_lock, signals

        # The SQLite triggers of the audit table call this function (see audit_lock).
        connection_created.connect(
            audit_lock.register_sqlite_function, dispatch_uid="essaim_audit_lock_sqlite"
        )
        user_logged_in.connect(signals.staff_signed_in, dispatch_uid="essaim_audit_sign_in")
        user_login_failed.connect(
            signals.staff_sign_in_failed, dispatch_uid="essaim_audit_sign_in_failed"
        )
