"""Back-office routes (exports); backoffice/urls.py adds them."""

urlpatterns = []
