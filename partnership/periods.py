"""Counts per calendar quarter, as the charts of progress over a term read them."""

from typing import Any

from django.db.models import Aggregate, Count, QuerySet
from django.db.models.functions import TruncQuarter


def by_quarter(
    rows: QuerySet[Any], field: str, value: Aggregate | None = None
) -> dict[tuple[int, int], int]:
    """`value` (the number of rows by default) per (year, quarter) of the date or datetime
    `field` (in the current time zone): one grouped statement."""
    grouped = (
        rows.annotate(quarter=TruncQuarter(field))
        .order_by()
        .values("quarter")
        .annotate(n=value if value is not None else Count("pk"))
    )
    return {(r["quarter"].year, (r["quarter"].month - 1) // 3 + 1): r["n"] or 0 for r in grouped}
