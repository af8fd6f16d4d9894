"""405 for the HTTP methods a view does not handle (PUT, DELETE, PATCH, TRACE, PROPFIND…).

The portal's views are functions that read GET and, for forms, POST; any other method used to
reach them as if it were a GET. This middleware answers 405 with an `Allow` header before the
view (and before the CSRF check, which would call a PUT a forgery: 403) for every method the
view does not declare:

- a function view decorated with Django's `require_http_methods` family (`require_POST`,
  `require_safe`…), at any depth of its decorators, allows exactly those methods;
- a class-based view (Django's, allauth's, the admin's few) allows the handlers it defines;
- any other function view (the portal's pages, Django admin's handlers) allows GET, HEAD and
  POST: a page that shows a form handles POST itself, one that does not answers it as before.
Views that must refuse POST too (the feed, search) say so with `require_safe`.
"""

import inspect
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse

from partnership.middleware import ViewMiddleware

DEFAULT_METHODS = ("GET", "HEAD", "POST")
_cache: dict[int, tuple[str, ...]] = {}


def _declared(func: Callable[..., Any]) -> tuple[str, ...] | None:
    """Methods listed by a require_http_methods decorator somewhere in func's wrapper chain."""
    seen = 0
    while func is not None and seen < 20:
        seen += 1
        if getattr(func, "__qualname__", "").startswith("require_http_methods."):
            try:
                methods = inspect.getclosurevars(func).nonlocals.get("request_method_list")
            except (TypeError, ValueError):
                methods = None
            if methods:
                return tuple(m.upper() for m in methods)
        func = getattr(func, "__wrapped__", None)
    return None


def allowed_methods(view: Callable[..., Any]) -> tuple[str, ...]:
    key = id(view)
    if key not in _cache:
        view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
        if view_class is not None and hasattr(view_class, "http_method_names"):
            names = [m for m in view_class.http_method_names if hasattr(view_class, m)]
            if "get" in names and "head" not in names:
                names.append("head")  # View.setup() answers HEAD with get()
            methods = tuple(m.upper() for m in names)
        else:
            methods = _declared(view) or DEFAULT_METHODS
        _cache[key] = methods
    return _cache[key]


def _is_api_view(view: Callable[..., Any]) -> bool:
    from rest_framework.views import APIView

    view_class = getattr(view, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


class MethodNotAllowedMiddleware(ViewMiddleware):
    def refuse(self, request: HttpRequest, view_func: Callable[..., Any]) -> HttpResponse | None:
        methods = allowed_methods(view_func)
        if request.method in methods:
            return None
        if request.method == "OPTIONS" and "OPTIONS" not in methods:
            # Answered as the view always has (Django's views answer OPTIONS themselves).
            return None
        if _is_api_view(view_func):  # the API speaks JSON to every client, errors included
            response = JsonResponse({"detail": "Method not allowed.", "fields": {}}, status=405)
            response["Allow"] = ", ".join(methods)
            return response
        return HttpResponseNotAllowed(methods)
