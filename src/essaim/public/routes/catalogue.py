"""Public routes: catalogue."""

urlpatterns: list = []
