"""Per-person values kept in the cache and dropped the moment they change.

Every logged-in page needs the same few things about its visitor: the user row with its unit
and roles, and the number of unread notifications. Reading them from PostgreSQL costs three
queries per page view, for values that change a few times a day. They are kept in the cache
(Redis in production) under a *generation* per person and kind, like the page cache's
namespaces (`partnership/pagecache.py`):

- `bump(kind, user_ids)` gives those people a new generation, at once and again when the
  transaction commits (a request that read the old rows meanwhile stored its value under the
  generation of that moment, which the second bump retires);
- `peek(kind, user_id)` returns the stored value only when it was stored under the current
  generation (and, with `also=`, under the current generations of page-cache namespaces), so
  a value is never read after a change, however the timing of two processes falls;
- `remember(kind, user_id, miss, value)` stores a value computed after `peek` missed, under
  the generation `peek` saw (carried by the `Miss`).

With the fail-open cache a Redis outage only means every value is read from the database.
"""

import time

from django.core.cache import cache
from django.db import transaction

from . import pagecache, requestmemo

TIMEOUT = 600  # an entry nobody asks for goes within ten minutes
_GEN_TIMEOUT = 24 * 60 * 60


def _gen_key(kind: str, user_id) -> str:
    return f"usercache:gen:{kind}:{user_id}"


def _value_key(kind: str, user_id) -> str:
    return f"usercache:val:{kind}:{user_id}"


class Miss:
    """What `peek` returns when nothing usable is stored: the generation to store under."""

    __slots__ = ("generation",)

    def __init__(self, generation):
        self.generation = generation


def _own(gen_key: str, found: dict):
    own = found.get(gen_key)
    return pagecache.start_generation(gen_key, timeout=_GEN_TIMEOUT) if own is None else own


def version(kind: str, user_id) -> str:
    """A string that changes with every bump: part of the key of a cached fragment."""
    gen_key = _gen_key(kind, user_id)
    return f"{kind}={_own(gen_key, requestmemo.get_many([gen_key]))}"


# Asked for one kind, the request fetches all of a person's kinds and every namespace
# generation in the same round trip: the header needs the user and the badge, the page its
# fragments' generations (partnership/requestmemo.py).
KINDS = ("user", "inbox")


def peek(kind: str, user_id, *, also=()):
    """The value stored for this person, or a `Miss` carrying the generation to store under."""
    gen_key, value_key = _gen_key(kind, user_id), _value_key(kind, user_id)
    others = [f(k, user_id) for k in KINDS for f in (_gen_key, _value_key)]
    found = requestmemo.get_many([gen_key, value_key], also=[*others, *pagecache.generation_keys()])
    namespaces = pagecache.generations(also)  # fetched above, within a request
    generation = (_own(gen_key, found), *(namespaces[ns] for ns in also))
    entry = found.get(value_key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    return Miss(generation)


def remember(kind: str, user_id, miss: Miss, value) -> None:
    entry = (miss.generation, value)
    cache.set(_value_key(kind, user_id), entry, timeout=TIMEOUT)
    requestmemo.remember({_value_key(kind, user_id): entry})


def get(kind: str, user_id, compute, *, also=()):
    """The stored value, or `compute()` stored for next time."""
    found = peek(kind, user_id, also=also)
    if not isinstance(found, Miss):
        return found
    value = compute()
    remember(kind, user_id, found, value)
    return value


def _bump_now(kind: str, user_ids) -> None:
    now = time.time_ns()
    values = {_gen_key(kind, uid): now for uid in user_ids}
    cache.set_many(values, timeout=_GEN_TIMEOUT)
    requestmemo.remember(values)


def bump(kind: str, user_ids) -> None:
    """Retire the stored values of these people, now and again after commit."""
    user_ids = [uid for uid in user_ids if uid is not None]
    if not user_ids:
        return
    _bump_now(kind, user_ids)
    transaction.on_commit(lambda: _bump_now(kind, user_ids))
