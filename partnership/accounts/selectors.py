"""Reads on people, filtered by what the asking user may see."""

from collections.abc import Callable
from typing import Any

from django.db.models import Aggregate, CharField, F, OuterRef, Prefetch, QuerySet, Subquery, Value

from partnership.organisations.models import Unit

from .models import User


def people_manageable_by(user: User) -> QuerySet[User]:
    """People whose roles this user may change: everyone for admins; for an officer, the
    people of the units strictly below theirs."""
    qs = User.objects.select_related("unit").prefetch_related(Prefetch("groups"))
    if user.is_superuser or user.is_content_admin:
        return qs
    if not user.is_officer or not user.unit_id:
        return qs.none()
    below = Unit.objects.under(user.unit).exclude(pk=user.unit_id)
    return qs.filter(unit__in=below)


# Between role codes in `visitor`'s query: a character no group name is typed with.
_SEPARATOR = "\x1f"


class _Joined(Aggregate):
    """string_agg(text, separator) on PostgreSQL, group_concat on SQLite."""

    function = "STRING_AGG"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


# Other values every logged-in page shows, read in the same query as the visitor: name ->
# a function giving an expression on the user row (OuterRef("pk") for the person). Core apps
# add theirs in AppConfig.ready() (notifications: the unread badge); each becomes an attribute
# of the user object.
VISITOR_ANNOTATIONS: dict[str, Callable[[], Any]] = {}


def visitor(user_id: int | str) -> User | None:
    """The logged-in person of a request, read from the database on every request: their row,
    unit, role codes and `VISITOR_ANNOTATIONS` in one indexed query, or None when the account
    is gone or inactive.

    Nothing of it comes from the cache, so a role withdrawn or an account deactivated counts on
    the very next request, whatever happened to Redis meanwhile (docs/security.md)."""
    memberships = User.groups.through.objects.filter(user=OuterRef("pk"))
    roles = (
        memberships.order_by()
        .values("user")
        .annotate(codes=_Joined(F("group__name"), Value(_SEPARATOR)))
        .values("codes")  # type: ignore[misc]  # the stubs miss the annotation
    )
    user = (
        User.objects.select_related("unit")
        .annotate(role_names=Subquery(roles), **{k: f() for k, f in VISITOR_ANNOTATIONS.items()})
        .filter(pk=user_id, is_active=True)
        .first()
    )
    if user is not None:
        names = user.role_names
        user.__dict__["role_codes"] = frozenset(names.split(_SEPARATOR) if names else ())
    return user
