"""Routes of the reviewers' space; reviewers/urls.py adds them."""

urlpatterns: list = []
