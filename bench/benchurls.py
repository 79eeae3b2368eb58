"""The project's URLs plus /bench-hello/, the ceiling of the benchmark.

The hello view goes through the same middleware stack as every page (sessions, language,
CSRF, auth, messages, htmx, allauth) but runs no query and renders no template, so it
measures the server plus Django's fixed cost per request.
"""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("hello", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench-hello/", hello, name="bench_hello"),
    path("", include("essaim.urls")),
]
