"""The site-wide search: each kind of thing the portal publishes, searched the same way.

Every kind matches the folded query (`partnership.text.fold`) against its folded
`search_text` column with `LIKE '%…%'`, so "nong nghiep" finds "nông nghiệp" on SQLite and
PostgreSQL alike; on PostgreSQL a trigram GIN index per column (migration 0001 of this app)
answers it (each app declares the index on its own table). A kind may instead return its rows
with their count already capped (the idea bank matches by words through its own token index,
which counts them on the way). Each kind
costs one query for its first results, and all kinds share one more query for their counts,
each count stopping at SEARCH_COUNT_CAP + 1 rows: a page costs the same number of queries
however many rows match, and never a full count.
"""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.urls import reverse
from django.utils import formats
from django.utils.functional import Promise

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
# how one row reads in the results. An app declares its kinds in its search module, which
# its AppConfig.ready() imports (as it registers home panels and privacy erasers), so the
# core imports none of them.


class Kind:
    """A kind of thing the site-wide search covers; declaring a subclass registers it:

    class Units(Kind, key="units", list_url="organisations:list", order=60):
        label = pgettext_lazy("site search", "Units")
        see_all_label = pgettext_lazy("site search", "All matching units")

        def searched(self): ...  # or rows(self, folded), when it matches otherwise

        def result(self, unit): ...
    """

    key: str
    label: Any  # the heading (a lazy translation)
    see_all_label: Any
    list_url: str  # the URL name of the list that takes ?q=
    order: int  # the kind's place on the results page

    def __init_subclass__(cls, *, key: str, list_url: str, order: int = 50, **kwargs: Any):
        super().__init_subclass__(**kwargs)
        cls.key = key
        cls.list_url = list_url
        cls.order = order
        _kinds[key] = cls()

    def searched(self) -> Any:
        """The rows this kind may find, in the order its results show, for the default `rows`."""
        raise NotImplementedError

    def rows(self, folded: str) -> Any:
        """The rows matching a folded query: a queryset, or (queryset, count already capped).
        By default those of `searched()` whose folded search column (basemodels.SearchText)
        holds the query, which the column's trigram index answers on PostgreSQL."""
        return self.searched().filter(search_text__contains=folded)

    def result(self, row: Any) -> Result:
        """How one row reads."""
        raise NotImplementedError


_kinds: dict[str, Kind] = {}


def kinds() -> list[Kind]:
    """The registered kinds, in the order the results page shows them."""
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))


def short_date(value: Any) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def joined(*parts: Any) -> str:
    """The non-empty parts, separated by a middle dot (a result's meta line)."""
    return " · ".join(str(p) for p in parts if p)


def capped_counts(querysets: Sequence[Any], cap: int) -> list[int]:
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
    """Every registered kind's group for the query `q` (already cleaned), in their order.

    Queries: one per kind for its first RESULTS_PER_KIND rows, plus one for all the counts.
    A kind with fewer rows than that has its count already: the count query does not search
    it again (the worst case of the trigram index, a phrase that matches nothing, is then
    searched once instead of twice).
    """
    cap = SEARCH_COUNT_CAP if cap is None else cap
    folded = fold(q)
    groups, querysets = [], []
    for kind in kinds():
        qs = kind.rows(folded)
        if isinstance(qs, tuple):  # the rows and their count, already capped
            qs, known = qs
            first = list(qs[:RESULTS_PER_KIND])
            querysets.append(known)
        else:
            first = list(qs[:RESULTS_PER_KIND])
            querysets.append(qs if len(first) == RESULTS_PER_KIND else len(first))
        groups.append(
            Group(
                key=kind.key,
                label=kind.label,
                see_all_label=kind.see_all_label,
                see_all_url=f"{reverse(kind.list_url)}?{_q_param(q)}",
                results=[kind.result(obj) for obj in first],
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
