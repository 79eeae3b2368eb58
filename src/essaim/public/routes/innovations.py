"""Public routes: innovations."""

urlpatterns: list = []
