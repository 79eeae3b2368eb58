"""Back-office routes: portfolio."""

urlpatterns: list = []
