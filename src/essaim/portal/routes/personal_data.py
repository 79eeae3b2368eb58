"""Portal routes of a person's own data (download, account deletion); portal/urls.py adds them."""

urlpatterns = []
