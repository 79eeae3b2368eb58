"""Public routes: reuse."""

urlpatterns: list = []
