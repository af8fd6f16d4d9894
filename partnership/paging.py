"""The portal's one pager: every list is paged here and drawn by one template
(`templates/includes/pagination.html`).

Two kinds of page, one interface for the template (`Pages` below: the rows, the number, the
total when it is known, and the query-string parameters of the first, previous and next
pages, which the `page_url` tag puts in place of the current ones):

- `number_page`: numbered pages (`?page=N`) for lists that cannot grow deep (the catalogue,
  news, units, a person's own ideas...). With `cap`, the count stops at `cap` rows ("over
  1 000"), numbered pages stop there, and with `keys` the list goes on by keyset beyond them.
- `keyset_page`: "seek" pagination (`?after=`/`?before=` cursors, the number shown carried in
  `?p=`) for lists that can be deep (the idea gallery, moderation, dashboards). A page starts where the previous one ended (a cursor of
  the last row's sort key) instead of skipping N rows with OFFSET, so page 500 costs what
  page 1 costs when an index matches the order. Every key is descending and the last one must
  be unique (the primary key).
- `capped_count`: counts at most `cap` rows (`SELECT count(*) FROM (… LIMIT cap + 1)`), for
  "1 000+ results" instead of scanning every match.

Bookmarked addresses keep working: `?page=N`, `?after=<cursor>&p=N`, `?before=<cursor>`.
A cursor or page number that is not ours gives the first page, never an error.
"""

import base64
import datetime
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils.functional import cached_property


@dataclass
class Count:
    value: int
    capped: bool = False  # True: there are more than `value`


def capped_count(qs: QuerySet, cap: int = 1000) -> Count:
    n = qs.order_by()[: cap + 1].count()
    return Count(min(n, cap), capped=n > cap)


# The query-string parameters of every pager: a link to another page drops them all first.
PARAMS = ("page", "p", "after", "before")
Query = dict[str, Any] | None  # a page's parameters; None: there is no such page


class Pages:
    """What the pagination template reads, whatever the kind of page.

    `number` is the page shown (None: not numbered), `num_pages` the total when it is known,
    `over` the cap when the count stopped there ("over 1 000"), `items` what the list counts
    (for "over 1 000 requests"). `first_query`, `previous_query`, `next_query`: the
    parameters of those pages, or None where there is no such link.
    """

    object_list: Sequence[Any]
    number: int | None = 1
    items: Any = None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.next_query is not None

    def has_previous(self) -> bool:
        return self.previous_query is not None or self.first_query is not None

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    @property
    def num_pages(self) -> int | None:
        return None

    @property
    def over(self) -> int | None:
        return None

    @property
    def first_query(self) -> Query:
        return None

    @property
    def previous_query(self) -> Query:
        return None

    @property
    def next_query(self) -> Query:
        return None


class KeysetPage(Pages):
    """One page of a keyset walk: cursors to the pages on either side."""

    def __init__(
        self,
        object_list: list[Any],
        *,
        number: int | None = 1,
        more_after: bool = False,
        more_before: bool = False,
        next_cursor: str = "",
        previous_cursor: str = "",
        count: Count | None = None,
        size: int = 20,
        items: Any = None,
    ) -> None:
        self.object_list = object_list
        self.number = number
        self.more_after = more_after
        self.more_before = more_before
        self.next_cursor = next_cursor
        self.previous_cursor = previous_cursor
        self.count = count
        self.size = size
        self.items = items

    @property
    def num_pages(self) -> int | None:
        if self.count is None or self.count.capped:
            return None
        return max(1, -(-self.count.value // self.size))

    @property
    def first_query(self) -> Query:
        return {} if self.more_before else None

    @property
    def previous_query(self) -> Query:
        if not (self.more_before and self.previous_cursor) or self.number is None:
            return None
        return {"before": self.previous_cursor, "p": self.number - 1}

    @property
    def next_query(self) -> Query:
        if not (self.more_after and self.next_cursor):
            return None
        return {"after": self.next_cursor, "p": (self.number or 0) + 1}


class NumberedPage(Pages, Page):
    """A page of `number_page`: Django's Page (page_obj.paginator.count...) with the pager's
    interface; past the last numbered page of a capped count, the list goes on by keyset."""

    continuation: str = ""  # the cursor of the page after the last numbered one

    @property
    def num_pages(self) -> int | None:
        return None if self.paginator.capped else self.paginator.num_pages

    @property
    def over(self) -> int | None:
        return self.paginator.cap if self.paginator.capped else None

    @property
    def first_query(self) -> Query:
        return {} if self.number > 2 else None

    @property
    def previous_query(self) -> Query:
        return {"page": self.number - 1} if self.number > 1 else None

    @property
    def next_query(self) -> Query:
        if self.number < self.paginator.num_pages:
            return {"page": self.number + 1}
        if self.continuation:
            return {"after": self.continuation, "p": self.number + 1}
        return None


Fetch = Callable[[QuerySet, int, int], list[Any]]


def _slice(qs: QuerySet, bottom: int, top: int) -> list[Any]:
    return list(qs[bottom:top])


class NumberPaginator(Paginator):
    """Django's Paginator with an optional capped count and a hook that reads a page's rows
    (`fetch(qs, bottom, top)`, for lists that read their rows in a cheaper shape)."""

    def __init__(
        self, object_list: Any, per_page: int, *, cap: int | None = None, fetch: Fetch = _slice
    ) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap
        self.fetch = fetch
        self.capped = False

    @cached_property
    def count(self) -> int:
        if self.cap is None:
            return super().count
        found = capped_count(self.object_list, self.cap)
        self.capped = found.capped
        return found.value

    def page(self, number: Any) -> NumberedPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return NumberedPage(self.fetch(self.object_list, bottom, top), number, self)


def number_page(
    qs: Any,
    params: Mapping[str, str],
    *,
    size: int = 20,
    cap: int | None = None,
    keys: Sequence[str] | None = None,
    fetch: Fetch = _slice,
    items: Any = None,
) -> Pages:
    """The numbered page `?page=N` of `qs` (a bad number gives the first or the last page).

    With `cap`, the count stops at `cap` rows; with `keys` too (the list's order, all
    descending, the last unique), the list goes on past the last numbered page by keyset
    (`?after=<cursor>&p=N`), reading `size` rows however deep it goes."""
    after = params.get("after", "")[:500]
    if keys and after:
        values = _decode(after, len(keys))
        if values is not None:
            rows = fetch(qs.filter(rows_after(keys, values)), 0, size + 1)
            more = len(rows) > size
            rows = rows[:size]
            number = _number(params.get("p", ""))
            return KeysetPage(
                rows,
                number=number,
                more_after=more and bool(rows),
                more_before=True,
                next_cursor=cursor_of(rows[-1], keys) if more and rows else "",
                size=size,
                items=items,
            )
    page = NumberPaginator(qs, size, cap=cap, fetch=fetch).get_page(params.get("page"))
    page.items = items
    paginator = page.paginator
    if keys and paginator.capped and page.number == paginator.num_pages and page.object_list:
        page.continuation = cursor_of(page.object_list[-1], keys)
    return page


def _number(raw: Any) -> int:
    try:
        return max(1, int(str(raw)[:6]))
    except (TypeError, ValueError):
        return 1


def cursor_of(obj: Any, keys: Sequence[str]) -> str:
    """The cursor of a row for a list ordered by `keys` (field names; "pk" allowed)."""
    return _encode([getattr(obj, k) for k in keys])


def _encode(values: Sequence[Any]) -> str:
    data = []
    for v in values:
        if isinstance(v, datetime.datetime):
            data.append({"t": v.isoformat()})
        elif isinstance(v, Decimal):
            data.append({"d": str(v)})
        else:
            data.append({"v": v})
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, n: int) -> list[Any] | None:
    """The key values in a cursor, or None when it is not one of ours (never raises)."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode() + b"=" * (-len(cursor) % 4)))
        values = []
        for d in data:
            if "t" in d:
                values.append(datetime.datetime.fromisoformat(d["t"]))
            elif "d" in d:
                values.append(Decimal(d["d"]))
            else:
                values.append(d["v"])
    except (ValueError, TypeError, KeyError, AttributeError, UnicodeError, ArithmeticError):
        return None
    if len(values) != n or not all(
        v is None or isinstance(v, (int, float, str, datetime.datetime, Decimal)) for v in values
    ):
        return None
    if any(isinstance(v, Decimal) and not v.is_finite() for v in values):
        return None
    return values


def rows_after(keys: Sequence[Any], values: Sequence[Any]) -> TupleLessThan:
    """A filter for the rows that follow `values` in the descending order of `keys` (the
    last key unique): one row comparison, which an index on the keys serves as a range."""
    exprs = [F(k) if isinstance(k, str) else k for k in keys]
    return TupleLessThan(Tuple(*exprs), list(values))


def keyset_page(
    qs: QuerySet,
    keys: Sequence[Any],
    *,
    after: str = "",
    before: str = "",
    number: Any = 1,
    size: int = 20,
    count: Count | None = None,
) -> KeysetPage:
    """One page of `qs` ordered by `keys` (field names or expressions, all descending).

    `after` gives the page that follows a cursor, `before` the page that precedes one;
    neither gives the first page. A cursor that is not ours gives the first page.
    `number` is only displayed ("page 3"): it travels in the links.
    """
    exprs = [F(k) if isinstance(k, str) else k for k in keys]
    names = [f"_key{i}" for i in range(len(exprs))]
    qs = qs.annotate(**dict(zip(names, exprs, strict=True)))
    row = Tuple(*[F(n) for n in names])
    after_values = _decode(after, len(names)) if after else None
    before_values = _decode(before, len(names)) if before and not after_values else None
    number = _number(number)
    if before_values is not None:
        rows = list(qs.filter(TupleGreaterThan(row, before_values)).order_by(*names)[: size + 1])
        has_previous = len(rows) > size
        rows = rows[:size][::-1]
        has_next = True
        if not has_previous:
            number = 1
    else:
        if after_values is not None:
            qs = qs.filter(rows_after(names, after_values))
        else:
            number = 1
        rows = list(qs.order_by(*[F(n).desc() for n in names])[: size + 1])
        has_next = len(rows) > size
        rows = rows[:size]
        has_previous = after_values is not None
    if not rows:
        has_next = False

    def cursor(obj):
        return _encode([getattr(obj, n) for n in names])

    return KeysetPage(
        rows,
        number=number,
        more_after=has_next,
        more_before=has_previous,
        next_cursor=cursor(rows[-1]) if rows and has_next else "",
        previous_cursor=cursor(rows[0]) if rows and has_previous else "",
        count=count,
        size=size,
    )


def keyset_args(params: Mapping[str, str], size: int) -> dict[str, Any]:
    """keyset_page()'s arguments from the query string (?after=, ?before=, ?p=)."""
    return {
        "after": params.get("after", "")[:500],
        "before": params.get("before", "")[:500],
        "number": params.get("p", "1")[:6],
        "size": size,
    }


def page_query(params: Mapping[str, Any], query: Mapping[str, Any]) -> str:
    """The query string of another page: the current one without any pager parameter, plus
    that page's (`query`). Used by the `page_url` template tag."""
    from django.http import QueryDict

    out = QueryDict(mutable=True)
    for key, values in params.lists() if hasattr(params, "lists") else params.items():
        if key not in PARAMS:
            out.setlist(key, values if isinstance(values, list) else [values])
    for key, value in query.items():
        out[key] = str(value)
    encoded = out.urlencode()
    return f"?{encoded}" if encoded else "?"
