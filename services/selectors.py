"""Reads on the catalogue and on service requests, filtered by what the user may see."""

from .models import ServiceRequest, Status


def completed_request_count(*, service_ids, unit_ids=None, since=None, until=None) -> int:
    """Completed (or completed then closed) requests for these services.

    Optionally only those of the given requesting units, completed within [since, until]
    (dates or datetimes, inclusive of the day). The agreements app counts these toward
    its indicators.
    """
    qs = ServiceRequest.objects.filter(
        service_id__in=list(service_ids),
        completed_at__isnull=False,
        status__in=[Status.COMPLETED, Status.CLOSED],
    )
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    if since is not None:
        qs = qs.filter(completed_at__date__gte=_day(since))
    if until is not None:
        qs = qs.filter(completed_at__date__lte=_day(until))
    return qs.count()


def _day(value):
    return value.date() if hasattr(value, "date") and callable(value.date) else value
