"""Rate limits per API key and per client address, counted in the default cache.

The counters live in the cache (Redis in production). When Redis is down the fail-open cache
(partnership.cache) answers every read as a miss and drops writes: no call is refused, the API
keeps working without limits until Redis is back (a proxy's own limits still hold).
"""

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey

DEFAULT_RATES = {"key": "600/min", "ip": "120/min"}


def _rate(scope: str) -> str:
    return getattr(settings, "API_RATE_LIMITS", {}).get(scope, DEFAULT_RATES[scope])


class KeyThrottle(SimpleRateThrottle):
    """Per key, whatever address the branch system calls from."""

    scope = "key"

    def get_rate(self) -> str:
        return _rate(self.scope)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiKey):
            return None
        return f"api:throttle:key:{request.auth.pk}"


class AddressThrottle(SimpleRateThrottle):
    """Per client address, for calls without a key (public reads, sessions)."""

    scope = "ip"

    def get_rate(self) -> str:
        return _rate(self.scope)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiKey):
            return None
        return f"api:throttle:ip:{self.get_ident(request)}"
