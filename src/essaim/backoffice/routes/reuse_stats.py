"""Back-office routes: reuse_stats."""

urlpatterns: list = []
