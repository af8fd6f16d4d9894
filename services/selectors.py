"""Reads on the catalogue and on service requests, filtered by what the user may see."""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from partnership.organisations.models import Party, Unit
from partnership.text import fold

from . import demand
from .models import (
    Audience,
    Category,
    Level,
    Plan,
    Promotion,
    Service,
    ServiceDemand,
    ServiceRequest,
    Status,
)

POPULARITY_DAYS = demand.WINDOW_DAYS
_AUDIENCE_FIELD = {
    Audience.MEMBER: "for_members",
    Audience.OFFICER: "for_officers",
    Audience.CENTRAL_STAFF: "for_central_staff",
    Audience.UNIT: "for_units",
}
_LEVEL_FIELD = {
    Level.CENTRAL: "level_central",
    Level.PROVINCIAL: "level_provincial",
    Level.GRASSROOTS: "level_grassroots",
}
SORTS = ("popular", "price", "-price", "newest", "name")


def completed_request_count(*, service_ids, unit_ids=None, since=None, until=None) -> int:
    """Completed (or completed then closed) requests for these services.

    Optionally only those of the given requesting units, completed within [since, until]
    (dates or datetimes, days inclusive). The agreements app counts these toward its
    indicators.
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
    return value.date() if isinstance(value, datetime.datetime) else value


# --- Catalogue ------------------------------------------------------------------------------


def categories():
    return Category.objects.annotate(
        service_count=Count("services", filter=Q(services__published=True))
    )


def plan_filter(
    *, audience=None, level=None, price_min=None, price_max=None, term=None, with_device=None
) -> Q:
    """A condition on services: they have an on-sale plan matching all of these."""
    q = Q()
    if audience in _AUDIENCE_FIELD:
        q &= Q(**{_AUDIENCE_FIELD[audience]: True})
    if level in _LEVEL_FIELD:
        q &= Q(**{_LEVEL_FIELD[level]: True})
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


def catalogue(*, q="", category=None, sort="popular", **plan_conditions):
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
    order = {
        "popular": ["-popularity", "name"],
        "price": [F("from_price").asc(nulls_last=True), "name"],
        "-price": [F("from_price").desc(nulls_last=True), "name"],
        "newest": ["-created_at", "name"],
        "name": ["name"],
    }.get(sort, ["-popularity", "name"])
    return services.order_by(*order, "pk")


def current_promotions(service):
    """Promotions running now or announced; ended ones drop off the page."""
    return service.promotions.filter(ends_on__gte=timezone.localdate()).order_by("starts_on")


def service_for_page(slug, user):
    from django.shortcuts import get_object_or_404

    qs = Service.objects.select_related("category", "provider")
    if not (user.is_authenticated and user.is_content_admin):
        qs = qs.published()
    return get_object_or_404(qs, slug=slug)


def plans_for_page(service):
    """Plans on sale now, and those that ended in the last year (shown as ended)."""
    recent = timezone.localdate() - datetime.timedelta(days=365)
    return service.plans.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=recent)).order_by(
        "position", "tier", "with_device", "term_months", "monthly_price"
    )


# --- Requests -------------------------------------------------------------------------------


def _is_vnpt_liaison(user) -> bool:
    return bool(user.is_liaison and user.unit_id and user.unit.party == Party.VNPT)


def _unit_ids_under(unit) -> list[int]:
    """The ids of a unit and the units below it (one indexed read of the small unit table).

    Requests are then filtered on their own indexed `unit_id`/`vnpt_unit_id` column instead
    of being joined to the unit table and matched by `path LIKE` row by row. A literal list
    rather than a subquery: PostgreSQL then estimates the share of requests from the column
    statistics (a subquery counts as "half the table"), and a single unit (a branch) walks
    the (unit, submitted_at, id) index in order.
    """
    return list(Unit.objects.under(unit).values_list("pk", flat=True))


_LIST_RELATIONS = ("plan", "service", "unit", "vnpt_unit", "requester", "assignee")


def requests_visible_to(user):
    """Requests a user may see: their own; an officer's unit and below; a liaison's branch."""
    qs = ServiceRequest.objects.select_related(*_LIST_RELATIONS)
    if not user.is_authenticated:
        return qs.none()
    if user.is_content_admin:
        return qs
    cond = Q(requester=user)
    if user.unit_id and user.is_officer and user.unit.party == Party.UNION:
        cond |= Q(unit_id__in=_unit_ids_under(user.unit))
    if _is_vnpt_liaison(user):
        cond |= Q(vnpt_unit_id__in=_unit_ids_under(user.unit))
    return qs.filter(cond)


def queue_for(user):
    """The VNPT queue: requests routed to the liaison's unit or below (group HQ: all)."""
    qs = ServiceRequest.objects.select_related(*_LIST_RELATIONS)
    if not _is_vnpt_liaison(user):
        return qs.none()
    return qs.filter(vnpt_unit_id__in=_unit_ids_under(user.unit))


# Requests still to be handled; the home panel counts these, and the lists it links to filter
# by them (status "open").
OPEN_STATUSES = [Status.SUBMITTED, Status.NEEDS_INFO, Status.ACCEPTED, Status.IN_PROGRESS]
OPEN = "open"


def filter_requests(qs, *, status=None, service=None, unit=None, overdue=False, q=""):
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
            | Q(unit_id__in=Unit.objects.filter(search_text__contains=folded).values("pk"))
        )
    return qs


def newest_first(qs):
    """The order of every request list: newest first, the id breaking ties (keyset-safe)."""
    return qs.order_by("-submitted_at", "-pk")


def _overdue_condition(today):
    return Q(status=Status.SUBMITTED, first_response_at__isnull=True, first_response_due__lt=today)


def overdue_requests(*, today=None):
    """Submitted requests still without a first response after their due date."""
    return ServiceRequest.objects.filter(_overdue_condition(today or timezone.localdate()))


def is_overdue(request, today=None) -> bool:
    today = today or timezone.localdate()
    return bool(
        request.status == Status.SUBMITTED
        and request.first_response_at is None
        and request.first_response_due
        and request.first_response_due < today
    )


def can_act_as_vnpt(user, request) -> bool:
    return _is_vnpt_liaison(user) and request.vnpt_unit.path.startswith(user.unit.path)


def can_act_as_requester(user, request) -> bool:
    if not user.is_authenticated:
        return False
    if request.requester_id == user.pk:
        return True
    return bool(
        user.is_officer
        and user.unit_id
        and user.unit.party == Party.UNION
        and request.unit.path.startswith(user.unit.path)
    )
