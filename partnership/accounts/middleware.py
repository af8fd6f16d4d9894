import time

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, logout
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from partnership import usercache


class SessionLifetimeMiddleware:
    """Ends a session SESSION_ABSOLUTE_LIFETIME seconds after login, however active it is,
    and keeps an active one alive.

    Idle expiry is Django's own (SESSION_COOKIE_AGE from the last save). Instead of saving the
    session on every request (an UPDATE per page view), it is saved when the last save is
    more than SESSION_REFRESH_INTERVAL seconds old, so the idle limit holds to within that.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get("login_at")
            if started is None:
                request.session["login_at"] = int(time.time())
            elif time.time() - started > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)
                return self.get_response(request)
            now = int(time.time())
            if now - request.session.get("seen_at", 0) >= settings.SESSION_REFRESH_INTERVAL:
                request.session["seen_at"] = now
        return self.get_response(request)


def _cached_user(request):
    """Django's `auth.get_user`, with the user row (its unit and roles) read from the cache.

    The stored user is used only when the session's auth hash matches it exactly, as Django
    checks it; any doubt (no entry, another generation, a hash from a fallback key, a changed
    password) goes through Django's own `get_user`, which also flushes a session that fails.
    Saving or deleting the user, or changing their groups, retires the entry
    (`partnership.accounts.signals`); so does any change to units, which the header shows.
    """
    session = request.session
    try:
        user_id = session[SESSION_KEY]
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return auth.get_user(request)
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    found = usercache.peek("user", user_id, also=("units",))
    if not isinstance(found, usercache.Miss):
        if constant_time_compare(
            session.get(HASH_SESSION_KEY) or "", found.get_session_auth_hash()
        ):
            return found
        return auth.get_user(request)
    user = auth.get_user(request)
    if user.is_authenticated and str(user.pk) == str(user_id):
        user.role_codes  # noqa: B018 - computed now, stored with the user
        user.unit  # noqa: B018 - the header and every role check read it
        usercache.remember("user", user_id, found, user)
    return user


def _get_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = _cached_user(request)
    return request._cached_user


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, reading the visitor through `_cached_user`."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _get_user(request))
