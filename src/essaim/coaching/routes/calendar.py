"""Routes of the accompaniment space: calendar."""

urlpatterns: list = []
