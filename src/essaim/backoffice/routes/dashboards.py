"""Back-office routes (dashboards); backoffice/urls.py adds them."""

urlpatterns = []
