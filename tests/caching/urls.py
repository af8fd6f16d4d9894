"""The portal's URLs plus two pages that exist only to test what the page cache refuses."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.urls import path

from partnership.pagecache import cached
from partnership.urls import urlpatterns as portal

_FORM = engines["django"].from_string('<form method="post">{% csrf_token %}</form>')


@cached("news")
def with_token(request):
    return HttpResponse(_FORM.render({}, request))


def flash(request):
    messages.success(request, "Đã lưu thay đổi.")
    return redirect("/news/")


urlpatterns = [
    path("test/token/", with_token),
    path("test/flash/", flash),
    *portal,
]
