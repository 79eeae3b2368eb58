"""Back-office routes of one selection area; backoffice/urls.py adds them."""

urlpatterns: list = []
