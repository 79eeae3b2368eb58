"""Portal routes: innovations."""

urlpatterns: list = []
