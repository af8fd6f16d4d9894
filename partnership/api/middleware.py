"""ETag and conditional GET for the API: a client that sends back the ETag it got receives
304 Not Modified while the answer (in its language, for its key) is unchanged."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers

PREFIX = "/api/"


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        super().__init__(get_response)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return response
        patch_vary_headers(response, ("Accept-Language", "Authorization"))
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            user = getattr(request, "user", None)
            personal = "HTTP_AUTHORIZATION" in request.META or bool(user and user.is_authenticated)
            if personal:
                patch_cache_control(response, private=True, no_cache=True)
            elif not response.has_header("Cache-Control"):
                patch_cache_control(response, public=True, max_age=60)
        return super().process_response(request, response)
