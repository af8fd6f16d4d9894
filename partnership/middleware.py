import codecs
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class ViewMiddleware:
    """A middleware that looks at a request once its view is known and may answer it instead
    (refuse() returns the answer, or None to let the view run)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        return self.refuse(request, view_func)

    def refuse(self, request: HttpRequest, view_func: Callable[..., Any]) -> HttpResponse | None:
        raise NotImplementedError


class RejectNullBytesMiddleware:
    """A NUL character in a query string is never meaningful and PostgreSQL refuses it in
    any text comparison; answer 400 here instead of letting a filter raise further down.
    (Form fields already refuse NUL in POST data with a message on the field.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):  # the API answers every error in JSON
                return JsonResponse(
                    {"detail": "Bad request: NUL character.", "fields": {}}, status=400
                )
            return HttpResponseBadRequest("Bad request", content_type="text/plain")
        return self.get_response(request)


class RejectInvalidUtf8Middleware(ViewMiddleware):
    """A form body that is not valid UTF-8 is refused with a clear 400 page.

    Django decodes form data with errors="replace", so bytes from another encoding (a client
    posting latin-1, a broken proxy) would be stored as "\ufffd" mojibake. URL-encoded bodies
    are checked byte for byte; a multipart body, which is parsed as it streams in (uploads
    included), is parsed here with a strict UTF-8 codec, so a field that does not decode
    fails the parse (a "\ufffd" the visitor really typed is valid UTF-8 and passes).
    Placed before the CSRF check so that the visitor learns what is wrong with the request.
    Query strings are left alone: a search or filter only reads them, it stores nothing (and
    the search answers a broken query with its own hint).
    """

    FORM = "application/x-www-form-urlencoded"
    MULTIPART = "multipart/form-data"

    def refuse(self, request: HttpRequest, view_func: Callable[..., Any]) -> HttpResponse | None:
        if self._valid(request):
            return None
        return render(
            request,
            "bad_request.html",
            {
                "heading": _("The text sent could not be read"),
                "reason": _(
                    "What was sent is not valid UTF-8 text, so it was not saved: it would "
                    "show as broken characters. Go back, retype or paste the text again "
                    "from a program that saves Unicode, and send it again."
                ),
            },
            status=400,
        )

    def _valid(self, request: HttpRequest) -> bool:
        if request.method not in ("POST", "PUT", "PATCH"):
            return True
        content_type = request.content_type or ""
        if content_type == self.FORM:
            return _is_utf8_urlencoded(request.body)
        if content_type == self.MULTIPART and request.encoding in (None, "utf-8", "UTF-8"):
            return _parses_strictly(request)
        return True


def _is_utf8_urlencoded(data: bytes) -> bool:
    try:
        unquote_to_bytes(data.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# "utf-8" whose decoder raises whatever error handling the caller asks for: Django's multipart
# parser decodes fields with errors="replace", which this codec turns into a refusal.
STRICT_UTF8 = "portal_strict_utf_8"


def _strict_decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
    return codecs.utf_8_decode(data, "strict", True)


def _find_codec(name: str) -> codecs.CodecInfo | None:
    if name != STRICT_UTF8:
        return None
    return codecs.CodecInfo(codecs.utf_8_encode, _strict_decode, name=STRICT_UTF8)


codecs.register(_find_codec)


def _parses_strictly(request: HttpRequest) -> bool:
    """Parse the multipart body now, fields decoded strictly; the parsed POST and FILES stay
    on the request for the view, under the usual encoding."""
    request.encoding = STRICT_UTF8  # the setter drops any parsed GET/POST
    try:
        request.POST  # noqa: B018  (parses the body)
    except UnicodeDecodeError:
        return False
    finally:
        request._encoding = None  # back to DEFAULT_CHARSET without dropping the parsed body
        request.__dict__.pop("GET", None)
    return True
