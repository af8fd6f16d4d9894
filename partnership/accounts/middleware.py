import time

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, logout
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from . import selectors


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


def _get_user(request):
    """Django's `auth.get_user`, with the person read by `selectors.visitor`: their row, unit
    and roles in one query, on every request, never from the cache. The session's auth hash
    is checked exactly as Django does (a changed password ends other sessions; a hash from a
    fallback secret is renewed), and a session that fails is flushed."""
    session = request.session
    try:
        user_id = auth._get_user_session_key(request)
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return AnonymousUser()
    user = selectors.visitor(user_id)
    if user is None:
        return AnonymousUser()
    session_hash = session.get(HASH_SESSION_KEY) or ""
    current = user.get_session_auth_hash()
    if session_hash and constant_time_compare(session_hash, current):
        return user
    if session_hash and any(
        constant_time_compare(session_hash, fallback)
        for fallback in user.get_session_auth_fallback_hash()
    ):
        session.cycle_key()
        session[HASH_SESSION_KEY] = current
        return user
    session.flush()
    return AnonymousUser()


def _lazy_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = _get_user(request)
    return request._cached_user


class VisitorAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, reading the visitor through `_get_user` (one query)."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _lazy_user(request))
