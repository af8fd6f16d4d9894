"""The API's own pages: the private deadlines feed, open data, the docs page, and the
profile's calendar-token buttons."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from . import calendars, opendata
from .models import CalendarToken, new_calendar_token


def deadlines_ics(request: HttpRequest, token: str) -> HttpResponse:
    """A person's deadlines, for a calendar application: the token in the address is the
    only credential (a calendar client cannot log in), so it is long, random and revocable."""
    found = (
        CalendarToken.objects.select_related("user__unit")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if found is None:
        raise Http404
    return calendars.ics_response(
        _("My deadlines – Đoàn – VNPT"), calendars.deadlines_of(found.user), "deadlines.ics"
    )


@login_required
@require_POST
def calendar_token(request: HttpRequest) -> HttpResponse:
    """Create or replace (the old address stops working) or delete the private address."""
    if request.POST.get("action") == "revoke":
        CalendarToken.objects.filter(user=request.user).delete()
        messages.success(request, _("Your calendar address no longer works."))
    else:
        CalendarToken.objects.update_or_create(
            user=request.user, defaults={"token": new_calendar_token()}
        )
        messages.success(
            request, _("Your new calendar address is below; the previous one no longer works.")
        )
    return redirect("accounts:profile")


def open_data(request: HttpRequest) -> HttpResponse:
    files = []
    for name in opendata.datasets():
        stamp = None
        target = opendata.path_of(name, "json")
        if target.exists():
            stamp = datetime.datetime.fromtimestamp(
                target.stat().st_mtime, tz=timezone.get_current_timezone()
            )
        files.append({"name": name, "generated": stamp})
    return render(
        request,
        "api/open_data.html",
        {"datasets": files, "licence": opendata.LICENCE, "licence_url": opendata.LICENCE_URL},
    )


def open_data_file(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    body = opendata.stream(name, fmt)
    if body is None:
        raise Http404
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


class SchemaView(SpectacularJSONAPIView):
    throttle_classes: list = []


class DocsView(SpectacularSwaggerSplitView):
    throttle_classes: list = []
    title = "API v1 – Đoàn – VNPT"


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/v1/: a JSON 404, like every API error."""
    return JsonResponse({"detail": _("Not found."), "fields": {}}, status=404)
