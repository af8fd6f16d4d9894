"""How often each service is requested, per day: what the catalogue's popularity sort reads.

The catalogue sorts by "most requested in the last 90 days". Counting those requests at page
time joins every request of every service (5 s at 100 000 requests), and a single counter on
`Service` cannot slide: a request must stop counting 90 days after it was made, with no
write to mark the moment. So the count is kept per service and per day in `ServiceDemand`:

- a request is counted by the action that makes it (`actions.submit_request`) and uncounted
  by the actions that delete it or move it to another service or day
  (`actions.delete_requests`, `actions.correct_request`, which the admin calls), in the
  same transaction, with an atomic upsert (no lost update under concurrent submissions);
  `save()` and signals do not count: a write outside the actions (a bulk load) is followed
  by `rebuild()`;
- the page sums at most 90 rows per service, whatever the number of requests;
- the window slides by itself: the page sums the days after `today - 90`.

A cancelled request still counts, as it always did ("requests made in the last 90 days").
`rebuild()` recomputes every row from the requests (migration, bulk loads such as
`make_scale_data`, which write requests with COPY).
"""

import datetime

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

WINDOW_DAYS = 90


def day_of(moment) -> datetime.date:
    """The calendar day (in the portal's time zone) a request was made."""
    if timezone.is_naive(moment):
        return moment.date()
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def window_start(today=None) -> datetime.date:
    """The first day of the popularity window: today and the 89 days before it."""
    today = today or timezone.localdate(timezone=timezone.get_default_timezone())
    return today - datetime.timedelta(days=WINDOW_DAYS - 1)


# One statement each, atomic under concurrent submissions (PostgreSQL and SQLite ≥ 3.24).
_ADD = (
    "INSERT INTO services_servicedemand (service_id, day, requests) VALUES (%s, %s, %s) "
    "ON CONFLICT (service_id, day) DO UPDATE "
    "SET requests = services_servicedemand.requests + EXCLUDED.requests"
)
_REMOVE = (
    "UPDATE services_servicedemand SET requests = requests - %s "
    "WHERE service_id = %s AND day = %s AND requests >= %s"
)


def record(service_id, moment, delta: int) -> None:
    """Add `delta` requests to the service's count for the day of `moment`."""
    day = day_of(moment)
    with connection.cursor() as cursor:
        if delta > 0:
            cursor.execute(_ADD, [service_id, day, delta])
        else:
            cursor.execute(_REMOVE, [-delta, service_id, day, -delta])


def rebuild(*, apps=None) -> int:
    """Recount every service and day from the requests; returns the number of rows written."""
    if apps is None:
        from django.apps import apps
    Demand = apps.get_model("services", "ServiceDemand")
    Request = apps.get_model("services", "ServiceRequest")
    tz = timezone.get_default_timezone()
    rows = (
        Request.objects.order_by()
        .annotate(day=TruncDate("submitted_at", tzinfo=tz))
        .values("service_id", "day")
        .annotate(n=Count("pk"))
    )
    with transaction.atomic():
        Demand.objects.all().delete()
        created = Demand.objects.bulk_create(
            [Demand(service_id=r["service_id"], day=r["day"], requests=r["n"]) for r in rows],
            batch_size=5000,
        )
    return len(created)
