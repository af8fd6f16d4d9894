"""Reads on the catalogue and on service requests, filtered by what the user may see."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Exists, F, OrderBy, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from partnership.accounts.models import AnyUser, User
from partnership.organisations.models import Party, Unit
from partnership.organisations.selectors import (
    carries,
    current_unit_id,
    unit_ids_carried_by,
    unit_search_q,
)
from partnership.periods import by_quarter
from partnership.text import fold

from . import demand
from .models import (
    AUDIENCE_FIELD,
    LEVEL_FIELD,
    Category,
    Plan,
    Promotion,
    Service,
    ServiceDemand,
    ServiceRequest,
    Status,
    StatusChange,
)

POPULARITY_DAYS = demand.WINDOW_DAYS
SORTS = ("popular", "price", "-price", "newest", "name")


def completed_request_count(
    *,
    service_ids: Iterable[int],
    unit_ids: Iterable[int] | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> int:
    """Completed requests the requesting unit confirmed (or the portal did, after the
    confirmation days), closed since or not, for these services. A completion still awaiting
    confirmation, or reopened, is not counted.

    Optionally only those of the given requesting units, completed within [since, until]
    (dates or datetimes, days inclusive). The agreements app counts these toward its
    indicators.
    """
    return _completed(service_ids, unit_ids, since, until).count()


def completed_requests_by_quarter(
    *,
    service_ids: Iterable[int],
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> dict[tuple[int, int], int]:
    """The requests `completed_request_count` counts, per (year, quarter) of completion: one
    grouped statement (the agreement dashboard's chart of progress over the quarters)."""
    return by_quarter(_completed(service_ids, None, since, until), "completed_at")


def _completed(
    service_ids: Iterable[int],
    unit_ids: Iterable[int] | None,
    since: datetime.date | None,
    until: datetime.date | None,
) -> QuerySet[ServiceRequest]:
    qs = ServiceRequest.objects.filter(
        service_id__in=list(service_ids),
        completed_at__isnull=False,
        confirmed_at__isnull=False,
        status__in=[Status.CONFIRMED, Status.CLOSED],
    )
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    if since is not None:
        qs = qs.filter(completed_at__date__gte=_day(since))
    if until is not None:
        qs = qs.filter(completed_at__date__lte=_day(until))
    return qs


def _day(value: datetime.date) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


# --- Catalogue ------------------------------------------------------------------------------


def all_services() -> list[Service]:
    """Every service of the catalogue, published or not (other apps' demo data links them)."""
    return list(Service.objects.all())


def categories() -> QuerySet[Category]:
    return Category.objects.annotate(
        service_count=Count("services", filter=Q(services__published=True))
    )


def plan_filter(
    *,
    audience: str | None = None,
    level: str | None = None,
    price_min: int | None = None,
    price_max: int | None = None,
    term: int | None = None,
    with_device: bool | None = None,
) -> Q:
    """A condition on services: they have an on-sale plan matching all of these."""
    q = Q()
    if audience in AUDIENCE_FIELD:
        q &= Q(**{AUDIENCE_FIELD[audience]: True})
    if level in LEVEL_FIELD:
        q &= Q(**{LEVEL_FIELD[level]: True})
    # Price bounds are monthly prices with VAT: compare 100 x bound with price x (100 + VAT).
    with_vat_x100 = F("monthly_price") * (100 + F("vat_rate"))
    plans = Plan.objects.on_sale().filter(q).alias(x=with_vat_x100)
    if price_min is not None:
        plans = plans.filter(x__gte=int(price_min) * 100)
    if price_max is not None:
        plans = plans.filter(x__lte=int(price_max) * 100 + 99)
    if term:
        plans = plans.filter(term_months=term)
    if with_device is not None:
        plans = plans.filter(with_device=with_device)
    return Q(plans__in=plans)


def catalogue(
    *, q: str = "", category: Category | None = None, sort: str = "popular", **plan_conditions: Any
) -> QuerySet[Service]:
    """Published services with at least one on-sale plan matching the conditions.

    Each figure is a correlated subquery on a small table (no join, no GROUP BY): the
    paginator's COUNT drops them, and popularity reads `ServiceDemand` (at most 90 rows per
    service) instead of every request.
    """
    services = Service.objects.published().select_related("category", "provider")
    if category is not None:
        services = services.filter(category=category)
    if q:
        services = services.filter(search_text__contains=fold(q))
    if any(v not in (None, "") for v in plan_conditions.values()):
        services = services.filter(pk__in=Service.objects.filter(plan_filter(**plan_conditions)))
    today = timezone.localdate()
    recent = (
        ServiceDemand.objects.filter(service=OuterRef("pk"), day__gte=demand.window_start())
        .order_by()
        .values("service")
        .annotate(n=Sum("requests"))
        .values("n")
    )
    cheapest = (
        Plan.objects.on_sale()
        .filter(service=OuterRef("pk"))
        .order_by("monthly_price")
        .values("monthly_price")[:1]
    )
    services = services.annotate(
        promoted=Exists(
            Promotion.objects.filter(
                service=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today
            )
        ),
        popularity=Coalesce(Subquery(recent), 0),
        from_price=Subquery(cheapest),
    )
    orders: dict[str, list[str | OrderBy]] = {
        "popular": ["-popularity", "name"],
        "price": [F("from_price").asc(nulls_last=True), "name"],
        "-price": [F("from_price").desc(nulls_last=True), "name"],
        "newest": ["-created_at", "name"],
        "name": ["name"],
    }
    return services.order_by(*orders.get(sort, orders["popular"]), "pk")


def current_promotions(service: Service) -> QuerySet[Promotion]:
    """Promotions running now or announced; ended ones drop off the page."""
    return service.promotions.filter(ends_on__gte=timezone.localdate()).order_by("starts_on")


def service_rating(service: Service) -> tuple[float | None, int]:
    """The service's average satisfaction (1–5) given on confirmation, and how many gave it."""
    row = ServiceRequest.objects.filter(service=service, rating__isnull=False).aggregate(
        mean=Avg("rating"), n=Count("pk")
    )
    return row["mean"], row["n"]


def service_for_page(slug: str, user: AnyUser) -> Service:
    from django.shortcuts import get_object_or_404

    qs = Service.objects.select_related("category", "provider")
    if not (user.is_authenticated and user.is_content_admin):
        qs = qs.published()
    return get_object_or_404(qs, slug=slug)


def plans_for_page(service: Service) -> QuerySet[Plan]:
    """Plans on sale now, and those that ended in the last year (shown as ended)."""
    recent = timezone.localdate() - datetime.timedelta(days=365)
    return service.plans.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=recent)).order_by(
        "position", "tier", "with_device", "term_months", "monthly_price"
    )


# --- Requests -------------------------------------------------------------------------------


def _liaison_unit(user: User) -> Unit | None:
    """The VNPT unit a liaison works for; None for anyone else."""
    if not user.is_liaison:
        return None
    unit = user.unit
    return unit if unit is not None and unit.party == Party.VNPT else None


def _union_officer_unit(user: User) -> Unit | None:
    """The union unit an officer acts for; None for anyone else."""
    if user.unit_id is None or not user.is_officer:
        return None
    unit = user.unit
    return unit if unit is not None and unit.party == Party.UNION else None


def _unit_ids_under(unit: Unit) -> list[int]:
    """The ids of the units a unit carries: itself, the units below it, and the former units
    merged into them (organisations.selectors.units_carried_by), in one indexed read of the
    small unit table.

    Requests are then filtered on their own indexed `unit_id`/`vnpt_unit_id` column instead
    of being joined to the unit table and matched by `path LIKE` row by row. A literal list
    rather than a subquery: PostgreSQL then estimates the share of requests from the column
    statistics (a subquery counts as "half the table"), and a single unit (a branch) walks
    the (unit, submitted_at, id) index in order.
    """
    return unit_ids_carried_by(unit)


_LIST_RELATIONS = ("plan", "service", "unit", "vnpt_unit", "requester", "assignee")


def requests_visible_to(user: AnyUser) -> QuerySet[ServiceRequest]:
    """Requests a user may see: their own; an officer's unit and below; a liaison's branch."""
    qs = ServiceRequest.objects.select_related(*_LIST_RELATIONS)
    if not user.is_authenticated:
        return qs.none()
    if user.is_content_admin:
        return qs
    cond = Q(requester=user)
    if officer_unit := _union_officer_unit(user):
        cond |= Q(unit_id__in=_unit_ids_under(officer_unit))
    if liaison_unit := _liaison_unit(user):
        cond |= Q(vnpt_unit_id__in=_unit_ids_under(liaison_unit))
    return qs.filter(cond)


def queue_for(user: User) -> QuerySet[ServiceRequest]:
    """The VNPT queue: requests routed to the liaison's unit or below (group HQ: all)."""
    qs = ServiceRequest.objects.select_related(*_LIST_RELATIONS)
    unit = _liaison_unit(user)
    if unit is None:
        return qs.none()
    return qs.filter(vnpt_unit_id__in=_unit_ids_under(unit))


# Requests still to be handled; the home panel counts these, and the lists it links to filter
# by them (status "open").
OPEN_STATUSES = [Status.SUBMITTED, Status.NEEDS_INFO, Status.ACCEPTED, Status.IN_PROGRESS]
OPEN = "open"


def filter_requests(
    qs: QuerySet[ServiceRequest],
    *,
    status: str | None = None,
    service: Service | None = None,
    unit: Unit | None = None,
    overdue: bool = False,
    q: str = "",
) -> QuerySet[ServiceRequest]:
    """The filters of the request lists, each on a column of the request itself."""
    if status == OPEN:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if service:
        qs = qs.filter(service=service)
    if unit:
        qs = qs.filter(unit_id__in=_unit_ids_under(unit))
    if overdue:
        qs = qs.filter(_overdue_condition(timezone.localdate()))
    if q:
        folded = fold(q)
        qs = qs.filter(
            Q(reference__icontains=q.strip())
            | Q(service_id__in=Service.objects.filter(search_text__contains=folded).values("pk"))
            | Q(unit_id__in=Unit.objects.filter(unit_search_q(folded, "")).values("pk"))
        )
    return qs


def newest_first(qs: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    """The order of every request list: newest first, the id breaking ties (keyset-safe)."""
    return qs.order_by("-submitted_at", "-pk")


def due_first(qs: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    """The queue sorted by response due date, soonest first (undated last), then newest."""
    return qs.order_by(F("first_response_due").asc(nulls_last=True), "-submitted_at", "-pk")


def _overdue_condition(today: datetime.date) -> Q:
    return Q(status=Status.SUBMITTED, first_response_at__isnull=True, first_response_due__lt=today)


def overdue_requests(*, today: datetime.date | None = None) -> QuerySet[ServiceRequest]:
    """Submitted requests still without a first response after their due date."""
    return ServiceRequest.objects.filter(_overdue_condition(today or timezone.localdate()))


def is_overdue(request: ServiceRequest, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        request.status == Status.SUBMITTED
        and request.first_response_at is None
        and request.first_response_due
        and request.first_response_due < today
    )


def can_act_as_vnpt(user: User, request: ServiceRequest) -> bool:
    unit = _liaison_unit(user)
    return unit is not None and carries(unit, request.vnpt_unit)


def can_act_as_requester(user: AnyUser, request: ServiceRequest) -> bool:
    if not user.is_authenticated:
        return False
    if request.requester_id == user.pk:
        return True
    unit = _union_officer_unit(user)
    return unit is not None and carries(unit, request.unit)


# --- Deadlines ------------------------------------------------------------------------------


@dataclass
class BranchTimeliness:
    branch: Unit
    answered_on_time: int
    answered_late: int
    overdue: int
    requests: int = 0  # every request the branch received, due or not

    @property
    def due(self) -> int:
        return self.answered_on_time + self.answered_late + self.overdue

    @property
    def on_time_rate(self) -> int | None:
        """Per cent of the requests whose first response was due that got it in time."""
        return round(100 * self.answered_on_time / self.due) if self.due else None


def on_time_by_branch(*, today: datetime.date | None = None) -> list[BranchTimeliness]:
    """Per VNPT branch that received a request: requests received, first responses given by
    the due date, late, and still overdue.

    One grouped statement on the requests table (the first response's day compared with the
    due date stored at submission)."""
    today = today or timezone.localdate()
    rows = (
        ServiceRequest.objects.order_by()
        .values("vnpt_unit")
        .annotate(
            requests=Count("pk"),
            on_time=Count(
                "pk",
                filter=Q(
                    first_response_at__isnull=False,
                    first_response_at__date__lte=F("first_response_due"),
                ),
            ),
            late=Count(
                "pk",
                filter=Q(
                    first_response_at__isnull=False,
                    first_response_at__date__gt=F("first_response_due"),
                ),
            ),
            overdue=Count("pk", filter=_overdue_condition(today)),
        )
    )
    # A former branch's requests count for the branch that carries it today.
    totals: dict[int, list[int]] = {}
    for r in rows:
        if r["requests"]:
            total = totals.setdefault(current_unit_id(r["vnpt_unit"]), [0, 0, 0, 0])
            total[0] += r["on_time"]
            total[1] += r["late"]
            total[2] += r["overdue"]
            total[3] += r["requests"]
    units = Unit.objects.in_bulk(list(totals))
    out = [BranchTimeliness(units[pk], *counts) for pk, counts in totals.items()]
    return sorted(
        out, key=lambda b: (b.on_time_rate is None, -(b.on_time_rate or 0), b.branch.name)
    )


# --- Closure: the requesters' confirmations ------------------------------------------------


@dataclass
class Satisfaction:
    """Confirmations of completed requests for one branch or one service."""

    subject: Unit | Service
    confirmed: int  # by the requesting unit or by the portal
    by_portal: int  # nobody confirmed in time
    rated: int
    mean_rating: float | None
    reopened: int  # times a completion was reopened (the history's moves)
    awaiting: int  # completed, waiting for the requester

    @property
    def by_requester(self) -> int:
        return self.confirmed - self.by_portal


def _satisfaction(column: str, model: type[Unit] | type[Service]) -> list[Satisfaction]:
    """One grouped statement on the requests and one on their history, per `column`."""
    rows = {
        r[column]: r
        for r in ServiceRequest.objects.filter(
            Q(confirmed_at__isnull=False) | Q(status=Status.COMPLETED)
        )
        .order_by()
        .values(column)
        .annotate(
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
            by_portal=Count("pk", filter=Q(confirmed_at__isnull=False, auto_confirmed=True)),
            rated=Count("rating"),
            mean=Avg("rating"),
            awaiting=Count("pk", filter=Q(status=Status.COMPLETED)),
        )
    }
    reopened = dict(
        StatusChange.objects.filter(old_status=Status.COMPLETED, new_status=Status.IN_PROGRESS)
        .order_by()
        .values(f"request__{column}")
        .annotate(n=Count("pk"))
        .values_list(f"request__{column}", "n")
    )
    subjects = model._default_manager.in_bulk([*rows, *reopened])
    out = []
    for key, subject in subjects.items():
        r = rows.get(key, {})
        out.append(
            Satisfaction(
                subject=subject,
                confirmed=r.get("confirmed", 0),
                by_portal=r.get("by_portal", 0),
                rated=r.get("rated", 0),
                mean_rating=r.get("mean"),
                reopened=reopened.get(key, 0),
                awaiting=r.get("awaiting", 0),
            )
        )
    return sorted(out, key=lambda s: (s.mean_rating is None, -(s.mean_rating or 0), s.subject.name))


def satisfaction_by_branch() -> list[Satisfaction]:
    """Per VNPT branch handling requests: confirmations, ratings, reopenings."""
    return _satisfaction("vnpt_unit", Unit)


def satisfaction_by_service() -> list[Satisfaction]:
    """Per service: confirmations, ratings, reopenings."""
    return _satisfaction("service", Service)
