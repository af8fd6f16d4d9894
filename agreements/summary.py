"""The dashboard's summary rows (`ReportSummary`): kept on every report write, rebuilt on demand.

The roll-ups of the agreement dashboard (reports per province and status, confirmed values per
indicator, who reports on what) read one narrow row per indicator and unit instead of every
report joined to its indicator, commitment and unit. The actions that write a report (create,
edit, every status move through the workflow, the admin's correction and deletion) call
`refresh()` in their transaction, the row locked first so two confirmations of the same unit's
reports cannot lose one another; bulk loads (demo, scale data) call `rebuild()`.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

STATUSES = ("draft", "submitted", "returned", "approved")


def summarise(rows: Iterable[tuple[str, Decimal, int, int]]) -> dict[str, Any] | None:
    """The summary of one indicator and unit from its reports' (status, value, year, quarter)."""
    out: dict[str, Any] = dict.fromkeys(STATUSES, 0)
    out["approved_sum"] = Decimal(0)
    latest: tuple[int, int] | None = None
    out["latest_value"] = None
    seen = False
    for status, value, year, quarter in rows:
        seen = True
        out[status] += 1
        if status == "approved":
            out["approved_sum"] += value
            if latest is None or (year, quarter) > latest:
                latest, out["latest_value"] = (year, quarter), value
    return out if seen else None


def refresh(indicator_id: int, unit_id: int) -> None:
    """Recompute the row of one indicator and unit from its reports, under a row lock."""
    from .models import ProgressReport, ReportSummary

    with transaction.atomic():
        ReportSummary.objects.bulk_create(
            [ReportSummary(indicator_id=indicator_id, unit_id=unit_id)], ignore_conflicts=True
        )
        row = ReportSummary.objects.select_for_update().get(
            indicator_id=indicator_id, unit_id=unit_id
        )
        values = summarise(
            ProgressReport.objects.filter(indicator_id=indicator_id, unit_id=unit_id).values_list(
                "status", "value", "year", "quarter"
            )
        )
        if values is None:
            row.delete()
            return
        for name, value in values.items():
            setattr(row, name, value)
        row.save()


def rebuild(report_model: Any = None, summary_model: Any = None) -> int:
    """Replace every summary row by one computed from the reports; returns the rows written.

    The migration passes its historical models; the command and loaders use the real ones."""
    if report_model is None or summary_model is None:
        from .models import ProgressReport, ReportSummary

        report_model, summary_model = ProgressReport, ReportSummary
    grouped: dict[tuple[int, int], list[tuple[str, Decimal, int, int]]] = defaultdict(list)
    for indicator_id, unit_id, *row in report_model.objects.values_list(
        "indicator_id", "unit_id", "status", "value", "year", "quarter"
    ).iterator(chunk_size=5000):
        grouped[(indicator_id, unit_id)].append(tuple(row))  # type: ignore[arg-type]
    with transaction.atomic():
        summary_model.objects.all().delete()
        summary_model.objects.bulk_create(
            [
                summary_model(indicator_id=i, unit_id=u, **summarise(rows))
                for (i, u), rows in grouped.items()
            ],
            batch_size=2000,
        )
    return len(grouped)
