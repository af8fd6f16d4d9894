"""Cache reads remembered for the length of one request, fetched together.

A page needs, from Redis: the generations of the content namespaces (the keys of its cached
fragments), then the fragments. Asked one by one that is several round trips per page; `get_many(keys, also=...)` fetches
what the request will need in one MGET and remembers every answer (a miss too) until the
request ends, so the next caller reads it from memory.

Correctness: the generations are read once per request, as if read at its start, which the
page cache already allows for (a value is stored under the generation read *before*
computing it). Nothing about who the visitor is or what they may do is read here: that comes
from the database on every request (partnership/accounts/middleware.py). Writes through `remember` (bumps, stored values)
update the memo, so a request that changes data and then renders sees its own change.

Outside a request (Celery, management commands, tests calling functions directly) there is no
memo and every call goes to the cache.
"""

import threading

from django.core.cache import cache

_local = threading.local()


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _local.memo = {}
        try:
            return self.get_response(request)
        finally:
            _local.memo = None


def _memo():
    return getattr(_local, "memo", None)


def get_many(keys, *, also=()) -> dict:
    """The values of `keys` found in the cache (like `cache.get_many`). Keys in `also` are
    fetched in the same round trip when the memo lacks them, for later callers."""
    memo = _memo()
    if memo is None:
        return cache.get_many(list(keys))
    wanted = [k for k in dict.fromkeys((*keys, *also)) if k not in memo]
    if wanted:
        found = cache.get_many(wanted)
        for key in wanted:
            memo[key] = found.get(key)
    return {k: memo[k] for k in keys if memo[k] is not None}


def remember(values: dict) -> None:
    """Values just written to the cache under these keys."""
    memo = _memo()
    if memo is not None:
        memo.update(values)
