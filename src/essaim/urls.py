from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("essaim.public.urls")),
    path("", include("essaim.portal.urls")),
    path("gestion/", include("essaim.backoffice.urls")),
    path("expertise/", include("essaim.reviewers.urls")),
    path("accompagnement/", include("essaim.coaching.urls")),
    path("api/v1/", include("essaim.api.urls")),
    path("compte/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
