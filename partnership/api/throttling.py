"""Rate limits per API key and per client address, counted in the default cache.

A fixed window per key (or address): one counter per minute (or second, hour, day), raised with
an atomic `incr` — one Redis round trip a call, whatever the limit. (DRF's own throttle keeps
the time of every call of the window in one cache entry, rewritten on each call: at 600 calls
a minute that list is read and written whole every time.) A call past the limit is refused
with 429 and `Retry-After`: the seconds until the window ends.

The counters live in the cache (Redis in production). When Redis is down the fail-open cache
(partnership.cache) loses the counters: `incr` finds nothing, and the call is let through. The
API keeps working without limits until Redis is back (a proxy's own limits still hold).
"""

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from .models import ApiKey

DEFAULT_RATES = {"key": "600/min", "ip": "120/min"}
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """The limit and its window in seconds: 600/min gives (600, 60)."""
    count, period = rate.split("/")
    return int(count), PERIODS[period.strip()[0].lower()]


def _rate(scope: str) -> tuple[int, int]:
    return parse_rate(getattr(settings, "API_RATE_LIMITS", {}).get(scope, DEFAULT_RATES[scope]))


class _WindowThrottle(BaseThrottle):
    scope = ""

    def ident_of(self, request: Request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: Request, view: Any) -> bool:
        ident = self.ident_of(request)
        if ident is None:
            return True
        limit, period = _rate(self.scope)
        now = time.time()
        window = int(now // period)
        self.wait_seconds = max(1, int((window + 1) * period - now + 0.999))
        key = f"api:throttle:{self.scope}:{ident}:{period}:{window}"
        try:
            if cache.add(key, 1, timeout=period + 1):
                return True
            return cache.incr(key) <= limit
        except ValueError:  # the counter vanished (expired, or Redis down): let it through
            return True

    def wait(self) -> float | None:
        return getattr(self, "wait_seconds", None)


class KeyThrottle(_WindowThrottle):
    """Per key, whatever address the branch system calls from."""

    scope = "key"

    def ident_of(self, request: Request) -> str | None:
        return str(request.auth.pk) if isinstance(request.auth, ApiKey) else None


class AddressThrottle(_WindowThrottle):
    """Per client address, for calls without a key (public reads, sessions)."""

    scope = "ip"

    def ident_of(self, request: Request) -> str | None:
        return None if isinstance(request.auth, ApiKey) else self.get_ident(request)
