import time

from django.conf import settings
from django.contrib.auth import logout


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
