"""Back-office routes: accompaniment."""

urlpatterns: list = []
