"""Anti-abuse limits: a daily cap per account and a short-window rate per account and per IP.

Configured in settings (IDEAS_DAILY_CAPS, IDEAS_RATE_LIMITS). The daily cap counts rows in
the database, so it holds across processes even if the cache is cleared; the rate limit
uses the cache and simply lets requests through if the cache is down.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

DEFAULT_DAILY_CAPS = {"submit": 5, "comment": 30, "support": 100}
DEFAULT_RATE_LIMITS = {"submit": (5, 600), "comment": (5, 60), "support": (20, 60)}
IP_FACTOR = 5


class LimitExceeded(ValidationError):
    pass


def _daily_cap(action: str) -> int:
    return getattr(settings, "IDEAS_DAILY_CAPS", {}).get(action, DEFAULT_DAILY_CAPS[action])


def _rate(action: str) -> tuple[int, int]:
    return getattr(settings, "IDEAS_RATE_LIMITS", {}).get(action, DEFAULT_RATE_LIMITS[action])


def _today_count(action: str, user) -> int:
    from .models import Comment, Idea, Support

    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    if action == "submit":
        return Idea.objects.filter(author=user, submitted_at__gte=start).count()
    if action == "comment":
        return Comment.objects.filter(author=user, created_at__gte=start).count()
    return Support.objects.filter(user=user, created_at__gte=start).count()


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one hit; True if the key is over its limit in the window."""
    try:
        cache.add(key, 0, window)
        count = cache.incr(key)
    except Exception:  # a cache that is down must not block people
        return False
    return count > limit


def check(action: str, *, user, ip: str | None = None) -> None:
    """Raise LimitExceeded if `user` (or `ip`) did `action` too often."""
    if _today_count(action, user) >= _daily_cap(action):
        raise LimitExceeded(
            _("You have reached today's limit for this action. Please try again tomorrow.")
        )
    limit, window = _rate(action)
    # Several members may share one address (a school, an office): the IP gets more room.
    over = [_hit(f"ideas:rate:{action}:u{user.pk}", limit, window)]
    if ip:
        over.append(_hit(f"ideas:rate:{action}:ip{ip}", limit * IP_FACTOR, window))
    if any(over):
        raise LimitExceeded(_("Too many attempts in a short time. Please wait a minute."))


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")
