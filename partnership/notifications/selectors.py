from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from partnership.accounts.models import User

from . import categories
from .models import Notification, Preference


def unread_subquery() -> Coalesce:
    """The unread count of the person `OuterRef("pk")`: read with the visitor's row
    (accounts.selectors.VISITOR_ANNOTATIONS), one index range on (recipient, read_at)."""
    unread = Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
    counted = unread.order_by().values("recipient").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def unread_count(*, user: User) -> int:
    """The header's badge on every page, read from the database (never cached, so it can never
    be older than the last notification written or read): with the visitor's row when the
    user came from the request, else counted now."""
    found = getattr(user, "unread_notifications", None)
    if found is not None:
        return found
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox_version(*, user: User) -> str:
    """Changes whenever one of the person's notifications is created, read or deleted: part of
    the key of the cached inbox, read from the database (one query on the inbox page), so a
    write that never reached Redis cannot leave an old inbox reachable."""
    found = Notification.objects.filter(recipient=user).aggregate(
        total=Count("pk"),
        unread=Count("pk", filter=Q(read_at__isnull=True)),
        newest=Max("pk"),
        read=Max("read_at"),
    )
    read = found["read"].isoformat() if found["read"] else ""
    return f"{found['total']}.{found['unread']}.{found['newest']}.{read}"


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
        Preference.objects.filter(user=user, category__in=categories.configurable()).values_list(
            "category", "mode"
        )
    )
    return {c: chosen.get(c, Preference.Mode.IMMEDIATE) for c in categories.configurable()}
