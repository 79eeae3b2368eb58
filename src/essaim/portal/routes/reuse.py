"""Portal routes: reuse."""

urlpatterns: list = []
