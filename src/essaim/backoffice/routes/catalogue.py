"""Back-office routes: catalogue."""

urlpatterns: list = []
