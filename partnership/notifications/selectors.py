from django.db.models import F, QuerySet

from partnership import usercache
from partnership.accounts.models import User

from .categories import CONFIGURABLE
from .models import Notification, Preference


def unread_count(*, user: User) -> int:
    """The header's badge on every page: kept per person in the cache (partnership/usercache),
    retired whenever a notification of theirs is written or read."""
    return usercache.get(
        "inbox",
        user.pk,
        lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    )


def inbox(*, user: User) -> QuerySet[Notification]:
    """Unread first, newest first within each group. Objects come one query per type."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("actor", "recipient")
        .prefetch_related("target")
        .order_by(F("read_at").asc(nulls_first=True), "-created_at", "-pk")
    )


def preferences(*, user: User) -> dict[str, str]:
    """Every configurable category → mode (immediate when never chosen)."""
    chosen = dict(
        Preference.objects.filter(user=user, category__in=CONFIGURABLE).values_list(
            "category", "mode"
        )
    )
    return {c: chosen.get(c, Preference.Mode.IMMEDIATE) for c in CONFIGURABLE}
