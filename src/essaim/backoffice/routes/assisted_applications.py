"""Back-office routes (assisted_applications); backoffice/urls.py adds them."""

urlpatterns = []
