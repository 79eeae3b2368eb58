"""Back-office routes (imports); backoffice/urls.py adds them."""

urlpatterns = []
