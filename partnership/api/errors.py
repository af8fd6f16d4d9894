"""Every API error as JSON: {"detail": "...", "fields": {"name": ["..."]}}, never a page."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = exc.detail
        if isinstance(data, dict):
            fields = {k: v for k, v in data.items() if k != "non_field_errors"}
            general = data.get("non_field_errors") or []
        else:
            fields, general = {}, list(data) if isinstance(data, list) else [data]
        response.data = {
            "detail": " ".join(str(m) for m in general)
            or _("The request has errors: see the fields."),
            "fields": fields,
        }
    return response


class Conflict(exceptions.APIException):
    """A move that the request's state refuses (someone moved it first, or not from here)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"
