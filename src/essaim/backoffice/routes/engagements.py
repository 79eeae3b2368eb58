"""Back-office routes: engagements."""

urlpatterns: list = []
