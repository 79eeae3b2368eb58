"""Back-office routes (audit_log); backoffice/urls.py adds them."""

urlpatterns = []
