"""A Redis cache that fails open: when Redis is down, reads miss and writes are dropped.

The portal writes sessions through to the database and treats the cache as an optimisation
(sessions read first from it, rate-limit counters, fragments, the visitor's row), so a Redis
outage must break nothing. After a failure
the backend leaves Redis alone for a few seconds instead of paying a timeout on every call.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
_FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)


class ReusingRedisClient(RedisCacheClient):
    """Django's client builds a new redis.Redis for every cache call, copying some 170 response
    callbacks each time: a tenth of a millisecond per call, and a logged-in page makes several.
    One redis.Redis per connection pool serves them all (it is thread-safe; the pool owns the
    connections and renews them after a fork)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(index))
            self._clients[index] = client
        return client


class FailOpenRedisCache(RedisCache):
    retry_after = 5.0  # seconds without trying Redis after a failure

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisClient
        self._down_until = 0.0

    def _call(self, fallback, method, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback()
        try:
            return getattr(super(), method)(*args, **kwargs)
        except _FAILURES as exc:
            self._down_until = time.monotonic() + self.retry_after
            logger.warning("Cache unavailable (%s); treating %s as a miss.", exc, method)
            return fallback()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # "Stored": callers use add() as a lock (allauth's rate limits); failing closed there
        # would refuse every log-in while Redis is down.
        return self._call(lambda: True, "add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(lambda: default, "get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: None, "set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: False, "touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call(lambda: False, "delete", key, version)

    def get_many(self, keys, version=None):
        return self._call(dict, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call(lambda: False, "has_key", key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (cache unavailable).")

        return self._call(missing, "incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: list(data), "set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(lambda: None, "delete_many", keys, version)

    def clear(self):
        return self._call(lambda: False, "clear")
