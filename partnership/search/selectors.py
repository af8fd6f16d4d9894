"""The site-wide search: each kind of thing the portal publishes, searched the same way.

Every kind matches the folded query (`partnership.text.fold`) against its folded
`search_text` column with `LIKE '%…%'`, so "nong nghiep" finds "nông nghiệp" on SQLite and
PostgreSQL alike; on PostgreSQL a trigram GIN index per column (migration 0001 of this app)
answers it. Ideas, the kind that grows to millions, match by words instead, through their own
token index (ideas.selectors.search, ideas migration 0005), which also counts them. Each kind
costs one query for its first results, and all kinds share one more query for their counts,
each count stopping at SEARCH_COUNT_CAP + 1 rows: a page costs the same number of queries
however many rows match, and never a full count.
"""

import datetime
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from partnership.text import fold

# Counts stop here: "100+" beyond (tests lower it). At a million ideas, finding 101 matches of
# a common term costs a few ms where 1 001 cost 60-120 ms (bench/search.py).
SEARCH_COUNT_CAP = 100
RESULTS_PER_KIND = 5
MAX_QUERY_LENGTH = 200  # the form's maxlength; longer queries are cut
MIN_QUERY_CHARS = 3  # letters or digits: shorter terms cannot use a trigram index


@dataclass
class Result:
    title: str
    url: str
    meta: str = ""
    excerpt: str = ""


@dataclass
class Group:
    key: str
    label: str | Promise
    see_all_label: str | Promise
    see_all_url: str
    count: int = 0
    capped: bool = False
    results: list[Result] = field(default_factory=list)


def clean_query(raw: str | None) -> str:
    """The query as typed, cut to MAX_QUERY_LENGTH, without control characters (NUL…)."""
    text = (raw or "")[: MAX_QUERY_LENGTH * 2]
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def searchable(folded: str) -> bool:
    """Enough letters or digits to search for (punctuation alone matches nothing useful)."""
    return sum(ch.isalnum() for ch in folded) >= MIN_QUERY_CHARS


# --- the kinds ------------------------------------------------------------------------------
# Each kind: the visible rows matching `folded`, in the order its own list shows them, and
# how one row reads in the results.


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _join(*parts: object) -> str:
    return " · ".join(str(p) for p in parts if p)


def _ideas(folded: str) -> tuple[QuerySet[Any], int]:
    """(the rows, their count up to ideas' own cap + 1): ideas match by words, through their
    token index on PostgreSQL (ideas.selectors.search), which counts them on the way."""
    from ideas.selectors import SEARCH_COUNT_CAP, published_ideas, search

    rows, count = search(published_ideas(), folded)
    rows = (
        rows.select_related("field", "unit")
        .only("title", "summary", "submitted_at", "field__name", "unit__province")
        .order_by("-submitted_at", "-pk")
    )
    return rows, SEARCH_COUNT_CAP + 1 if count.capped else count.value


def _idea_result(idea: Any) -> Result:
    province = idea.unit.province  # the choices are (name, name): the value is the label
    return Result(
        idea.title,
        idea.get_absolute_url(),
        _join(idea.field.name, province, _date(idea.submitted_at)),
        idea.summary,
    )


def _services(folded: str) -> QuerySet[Any]:
    from services.models import Service

    return (
        Service.objects.published()
        .filter(search_text__contains=folded)
        .select_related("category")
        .order_by("name", "pk")
    )


def _service_result(service: Any) -> Result:
    return Result(service.name, service.get_absolute_url(), service.category.name, service.summary)


def _news(folded: str) -> QuerySet[Any]:
    from partnership.news.models import Article

    return (
        Article.objects.published()
        .filter(search_text__contains=folded)
        .select_related("author_unit")
        .only("title", "slug", "summary", "published_at", "author_name", "author_unit__name")
        .order_by("-published_at", "-pk")
    )


def _news_result(article: Any) -> Result:
    unit = article.author_unit.name if article.author_unit_id else ""
    return Result(
        article.title,
        article.get_absolute_url(),
        _join(_date(article.published_at), article.author_name or unit),
        article.summary,
    )


def _commitments(folded: str) -> QuerySet[Any]:
    """Commitments of the agreement the portal opens on, as its commitments page lists them."""
    from agreements.models import Agreement, Commitment

    main = Agreement.objects.order_by(F("signed_on").asc(nulls_last=True), "starts_on")
    return Commitment.objects.filter(
        agreement=main.values("pk")[:1], search_text__contains=folded
    ).order_by("order", "pk")


def _commitment_result(commitment: Any) -> Result:
    return Result(
        f"{commitment.code} {commitment.title}",
        commitment.get_absolute_url(),
        _join(commitment.get_party_display(), commitment.get_theme_display()),
        commitment.text,
    )


def _activities(folded: str) -> QuerySet[Any]:
    from agreements.models import JointActivity

    return JointActivity.objects.filter(search_text__contains=folded).order_by("-starts_on", "pk")


def _activity_result(activity: Any) -> Result:
    return Result(
        activity.title,
        activity.get_absolute_url(),
        _join(
            _date(activity.starts_on),
            activity.place,
            activity.get_province_display() if activity.province else "",
        ),
        activity.description,
    )


def _units(folded: str) -> QuerySet[Any]:
    from partnership.organisations.models import Unit

    return Unit.objects.active().filter(search_text__contains=folded).order_by("path")


def _unit_result(unit: Any) -> Result:
    return Result(
        unit.name,
        unit.get_absolute_url(),
        _join(unit.get_kind_display(), unit.get_province_display() if unit.province else ""),
    )


# key, heading, "see all" link text, rows, one row, the list that takes ?q=
Kind = tuple[
    str,
    Promise,
    Promise,
    Callable[[str], QuerySet[Any] | tuple[QuerySet[Any], int]],
    Callable[[Any], Result],
    str,
]
KINDS: list[Kind] = [
    (
        "ideas",
        pgettext_lazy("site search", "Ideas"),
        pgettext_lazy("site search", "All matching ideas"),
        _ideas,
        _idea_result,
        "ideas:index",
    ),
    (
        "services",
        pgettext_lazy("site search", "Services"),
        pgettext_lazy("site search", "All matching services"),
        _services,
        _service_result,
        "services:index",
    ),
    (
        "news",
        pgettext_lazy("site search", "News"),
        pgettext_lazy("site search", "All matching news"),
        _news,
        _news_result,
        "news:list",
    ),
    (
        "commitments",
        pgettext_lazy("site search", "Agreement commitments"),
        pgettext_lazy("site search", "All matching commitments"),
        _commitments,
        _commitment_result,
        "agreements:commitments",
    ),
    (
        "activities",
        pgettext_lazy("site search", "Joint activities"),
        pgettext_lazy("site search", "All matching activities"),
        _activities,
        _activity_result,
        "agreements:activities",
    ),
    (
        "units",
        pgettext_lazy("site search", "Units"),
        pgettext_lazy("site search", "All matching units"),
        _units,
        _unit_result,
        "organisations:list",
    ),
]


def capped_counts(querysets: Sequence[QuerySet[Any] | int], cap: int) -> list[int]:
    """How many rows each queryset has, up to cap + 1, in ONE query:
    SELECT (SELECT count(*) FROM (… LIMIT cap+1)), (SELECT count(*) FROM (…)), …

    An int in place of a queryset is a count already known; it goes in as a literal."""
    parts: list[str] = []
    params: list[Any] = []
    for i, qs in enumerate(querysets):
        if isinstance(qs, int):
            parts.append(str(int(qs)))
            continue
        try:
            sql, p = qs.order_by().values("pk")[: cap + 1].query.sql_with_params()
        except EmptyResultSet:  # e.g. .none(): nothing to ask the database
            parts.append("0")
            continue
        # `sql` is the ORM's own compiled query; every value stays in `params`
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) capped_{i})")  # noqa: S608
        params.extend(p)
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())


def search(q: str, *, cap: int | None = None) -> list[Group]:
    """Every kind's group for the query `q` (already cleaned), in KINDS order.

    Queries: one per kind for its first RESULTS_PER_KIND rows, plus one for all the counts.
    A kind with fewer rows than that has its count already: the count query does not search
    it again (the worst case of the trigram index, a phrase that matches nothing, is then
    searched once instead of twice).
    """
    cap = SEARCH_COUNT_CAP if cap is None else cap
    folded = fold(q)
    groups: list[Group] = []
    querysets: list[QuerySet[Any] | int] = []
    for key, label, see_all, rows, as_result, list_url in KINDS:
        qs = rows(folded)
        if isinstance(qs, tuple):  # the rows and their count, already capped
            qs, known = qs
            first = list(qs[:RESULTS_PER_KIND])
            querysets.append(known)
        else:
            first = list(qs[:RESULTS_PER_KIND])
            querysets.append(qs if len(first) == RESULTS_PER_KIND else len(first))
        groups.append(
            Group(
                key=key,
                label=label,
                see_all_label=see_all,
                see_all_url=f"{reverse(list_url)}?{_q_param(q)}",
                results=[as_result(obj) for obj in first],
            )
        )
    for group, n in zip(groups, capped_counts(querysets, cap), strict=True):
        group.count = min(n, cap)
        group.capped = n > cap
    return groups


def _q_param(q: str) -> str:
    from django.http import QueryDict

    params = QueryDict(mutable=True)
    params["q"] = q
    return params.urlencode()
