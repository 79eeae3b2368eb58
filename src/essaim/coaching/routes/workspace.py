"""Routes of the accompaniment space: workspace."""

urlpatterns: list = []
