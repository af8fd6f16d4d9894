"""Figures that would cost a scan of a big table on every request, served from a snapshot.

`snapshot(fn, *args, max_age=60)` returns `fn(*args)` as computed at most `max_age` seconds
ago, or a little earlier while a fresher one is being computed ("stale while revalidate"):

- a fresh stored value is returned at once;
- an older one is returned at once too, and one Celery task (a lock in the cache makes it
  one, across every web process) recomputes it in the background;
- only when nothing is stored (first request after a deploy or a cache flush) is the value
  computed inside the request.

Values live in the shared cache (Redis in production) with a copy in the process, so a Redis
outage serves the last value this process saw instead of computing on every request.
`fn` must be a module-level function whose arguments and result pickle (ids, dates, lists,
dicts): the task finds it again by its dotted path.

The counts on the home page, the idea gallery's totals and the dashboards go through here:
at a million ideas each is a scan of hundreds of milliseconds, while the figures move by a
handful a minute. Pages that show a snapshot say when it was computed.
"""

import datetime
import logging
import time
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# How long a stored value is kept at all; staleness is decided by max_age, not by this.
KEEP_FOR = 24 * 60 * 60
_local: dict[str, tuple[float, object]] = {}
_LOCAL_MAX = 2000


def _name(fn) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def _key(name: str, args) -> str:
    # Quoted: arguments such as province names are not ASCII, which memcached-style keys
    # (and the cache's key check) reject.
    return "snap:" + name + ":" + ":".join(quote(str(a), safe="") for a in args)


def compute(name: str, args) -> tuple[float, object]:
    """Compute and store one snapshot now; returns (computed_at, value)."""
    value = import_string(name)(*args)
    entry = (time.time(), value)
    key = _key(name, args)
    cache.set(key, entry, KEEP_FOR)
    if len(_local) >= _LOCAL_MAX:
        _local.clear()
    _local[key] = entry
    return entry


def _entry(fn, args, max_age):
    name = _name(fn)
    key = _key(name, args)
    entry = cache.get(key) or _local.get(key)
    if entry is None:
        return compute(name, args)
    _local[key] = entry
    if time.time() - entry[0] > max_age and cache.add(key + ":refreshing", 1, max(max_age, 10)):
        from partnership.tasks import refresh_snapshot

        try:
            refresh_snapshot.apply_async(
                (name, list(args)), queue=getattr(settings, "SNAPSHOT_QUEUE", None) or None
            )
        except Exception:  # broker down: keep serving the stored value, retry after the lock
            logger.warning("Could not queue the refresh of %s; serving the stored value.", key)
    return entry


def snapshot(fn, *args, max_age: int = 60):
    """`fn(*args)`, at most about `max_age` seconds old (see the module docstring)."""
    return _entry(fn, args, max_age)[1]


def snapshot_with_time(fn, *args, max_age: int = 60) -> tuple[object, datetime.datetime]:
    """Like `snapshot`, with the time the value was computed (for "figures as of 10:42")."""
    computed_at, value = _entry(fn, args, max_age)
    return value, datetime.datetime.fromtimestamp(computed_at, tz=datetime.UTC).astimezone(
        timezone.get_current_timezone()
    )


def forget(fn, *args) -> None:
    """Drop a stored snapshot, so the next read computes it (after a change users must see)."""
    key = _key(_name(fn), args)
    cache.delete(key)
    _local.pop(key, None)
