from django.conf import settings


def site(request):
    return {"SITE_NAME": "Essaim", "SITE_URL": settings.SITE_URL}
