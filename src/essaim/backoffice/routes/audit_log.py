"""Back-office routes of the audit journal; backoffice/urls.py adds them."""

from django.urls import path

from ..views import audit_log

urlpatterns = [
    path("journal/", audit_log.audit_log, name="audit_log"),
    path("journal/export.csv", audit_log.audit_log_export, name="audit_log_export"),
]
