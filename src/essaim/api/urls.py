from django.urls import path

from . import views
from .api import api
from .feeds import NewInnovationsFeed

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("innovations/atom.xml", NewInnovationsFeed(), name="innovations_atom"),
    # the read API and the files (django-ninja), namespace "api:rest"
    path("", api.urls),
]
