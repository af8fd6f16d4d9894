"""Long lists without costs that grow with their length.

- `keyset_page`: "seek" pagination. A page starts where the previous one ended (a cursor of
  the last row's sort key) instead of skipping N rows with OFFSET, so page 500 costs what
  page 1 costs when an index matches the order. Every key is descending and the last one must
  be unique (the primary key).
- `capped_count`: counts at most `cap` rows (`SELECT count(*) FROM (… LIMIT cap + 1)`), for
  "1 000+ results" instead of scanning every match.
"""

import base64
import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan


@dataclass
class Count:
    value: int
    capped: bool = False  # True: there are more than `value`


def capped_count(qs, cap: int = 1000) -> Count:
    n = qs.order_by()[: cap + 1].count()
    return Count(min(n, cap), capped=n > cap)


@dataclass
class KeysetPage:
    object_list: list
    number: int = 1
    has_next: bool = False
    has_previous: bool = False
    next_cursor: str = ""
    previous_cursor: str = ""
    count: Count | None = None
    size: int = 20

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_other_pages(self):
        return self.has_next or self.has_previous

    @property
    def num_pages(self) -> int | None:
        if self.count is None or self.count.capped:
            return None
        return max(1, -(-self.count.value // self.size))


def _encode(values) -> str:
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


def _decode(cursor: str, n: int):
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


def rows_after(keys, values):
    """A filter for the rows that follow `values` in the descending order of `keys` (the
    last key unique): one row comparison, which an index on the keys serves as a range."""
    exprs = [F(k) if isinstance(k, str) else k for k in keys]
    return TupleLessThan(Tuple(*exprs), list(values))


def keyset_page(qs, keys, *, after="", before="", number=1, size=20, count=None) -> KeysetPage:
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
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
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
        object_list=rows,
        number=number,
        has_next=has_next,
        has_previous=has_previous,
        next_cursor=cursor(rows[-1]) if rows and has_next else "",
        previous_cursor=cursor(rows[0]) if rows and has_previous else "",
        count=count,
        size=size,
    )


def keyset_args(request, size: int) -> dict:
    """keyset_page()'s arguments from the query string (?after=, ?before=, ?p=)."""
    return {
        "after": request.GET.get("after", "")[:500],
        "before": request.GET.get("before", "")[:500],
        "number": request.GET.get("p", "1")[:6],
        "size": size,
    }
