"""The portal's URLs plus /bench/trivial: the same middleware, no database, no template."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial", trivial),
    path("", include("partnership.urls")),
]
