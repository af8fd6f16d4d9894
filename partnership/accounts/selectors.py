"""Reads on people, filtered by what the asking user may see."""

import functools
from collections.abc import Callable
from typing import Any

from django.db import connections, router
from django.db.models import Aggregate, CharField, F, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.query import get_related_populators

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


def _visitor_queryset(user_id: int) -> QuerySet[User]:
    memberships = User.groups.through.objects.filter(user=OuterRef("pk"))
    roles = (
        memberships.order_by()
        .values("user")
        .annotate(codes=_Joined(F("group__name"), Value(_SEPARATOR)))
        .values("codes")  # type: ignore[misc]  # the stubs miss the annotation
    )
    return (
        User.objects.select_related("unit")
        .annotate(role_names=Subquery(roles), **{k: f() for k, f in VISITOR_ANNOTATIONS.items()})
        .filter(pk=user_id, is_active=True)
        .order_by()[:1]
    )


# Stands for the person's id in the SQL compiled once per process (no id is negative).
_SOMEONE = -1_987_654_321  # within the range of any integer key


@functools.cache
def _compiled(alias: str) -> tuple[Any, str, tuple[Any, ...]]:
    """The visitor's query compiled once per process and database: building and compiling
    it (a subquery per annotation, select_related) costs several times what PostgreSQL
    spends answering it, on every logged-in request."""
    compiler = _visitor_queryset(_SOMEONE).query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    assert list(params).count(_SOMEONE) == 1, params
    return compiler, sql, tuple(params)


def visitor(user_id: int | str) -> User | None:
    """The logged-in person of a request, read from the database on every request: their row,
    unit, role codes and `VISITOR_ANNOTATIONS` in one indexed query, or None when the account
    is gone or inactive.

    Nothing of it comes from the cache, so a role withdrawn or an account deactivated counts on
    the very next request, whatever happened to Redis meanwhile (docs/security.md). The rows
    become objects as Django's ModelIterable makes them, from the SQL compiled once."""
    pk = User._meta.pk.to_python(user_id)
    alias = router.db_for_read(User)
    compiler, sql, template = _compiled(alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [pk if p == _SOMEONE else p for p in template])
        row = cursor.fetchone()
    if row is None:
        return None
    (row,) = compiler.results_iter([[row]])  # the database's values converted, as Django does
    info = compiler.klass_info
    first, last = info["select_fields"][0], info["select_fields"][-1] + 1
    init_list = [f[0].target.attname for f in compiler.select[first:last]]
    user = User.from_db(alias, init_list, row[first:last])
    # (Django 5.2's signature; the type stubs describe a later one)
    for populator in get_related_populators(info, compiler.select, alias):  # type: ignore[call-arg]
        populator.populate(row, user)  # the unit
    for name, position in compiler.annotation_col_map.items():
        setattr(user, name, row[position])
    names = getattr(user, "role_names", None)
    user.__dict__["role_codes"] = frozenset(names.split(_SEPARATOR) if names else ())
    return user
