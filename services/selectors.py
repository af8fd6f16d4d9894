"""Reads on the catalogue and on service requests, filtered by what the user may see."""

import datetime

from django.db.models import Count, F, Min, Q
from django.utils import timezone

from partnership.organisations.models import Party
from partnership.text import fold

from .models import Audience, Category, Level, Plan, Service, ServiceRequest, Status

POPULARITY_DAYS = 90
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
    """Published services with at least one on-sale plan matching the conditions."""
    since = timezone.now() - datetime.timedelta(days=POPULARITY_DAYS)
    services = Service.objects.published().select_related("category", "provider")
    if category is not None:
        services = services.filter(category=category)
    if q:
        services = services.filter(search_text__contains=fold(q))
    if any(v not in (None, "") for v in plan_conditions.values()):
        services = services.filter(pk__in=Service.objects.filter(plan_filter(**plan_conditions)))
    today = timezone.localdate()
    services = services.annotate(
        promoted=Count(
            "promotions",
            filter=Q(promotions__starts_on__lte=today, promotions__ends_on__gte=today),
            distinct=True,
        ),
        popularity=Count("requests", filter=Q(requests__submitted_at__gte=since), distinct=True),
        from_price=Min("plans__monthly_price", filter=Q(plans__in=Plan.objects.on_sale())),
    )
    order = {
        "popular": ["-popularity", "name"],
        "price": [F("from_price").asc(nulls_last=True), "name"],
        "-price": [F("from_price").desc(nulls_last=True), "name"],
        "newest": ["-created_at", "name"],
        "name": ["name"],
    }.get(sort, ["-popularity", "name"])
    return services.order_by(*order)


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


def requests_visible_to(user):
    """Requests a user may see: their own; an officer's unit and below; a liaison's branch."""
    qs = ServiceRequest.objects.select_related(
        "plan", "service", "unit", "vnpt_unit", "requester", "assignee"
    )
    if not user.is_authenticated:
        return qs.none()
    if user.is_content_admin:
        return qs
    cond = Q(requester=user)
    if user.unit_id and user.is_officer and user.unit.party == Party.UNION:
        cond |= Q(unit__path__startswith=user.unit.path)
    if _is_vnpt_liaison(user):
        cond |= Q(vnpt_unit__path__startswith=user.unit.path)
    return qs.filter(cond)


def queue_for(user):
    """The VNPT queue: requests routed to the liaison's unit or below (group HQ: all)."""
    qs = ServiceRequest.objects.select_related(
        "plan", "service", "unit", "vnpt_unit", "requester", "assignee"
    )
    if not _is_vnpt_liaison(user):
        return qs.none()
    return qs.filter(vnpt_unit__path__startswith=user.unit.path)


def filter_requests(qs, *, status=None, service=None, unit=None, overdue=False, q=""):
    if status:
        qs = qs.filter(status=status)
    if service:
        qs = qs.filter(service=service)
    if unit:
        qs = qs.filter(unit__path__startswith=unit.path)
    if overdue:
        qs = qs.filter(pk__in=overdue_requests())
    if q:
        folded = fold(q)
        qs = qs.filter(
            Q(reference__icontains=q.strip())
            | Q(service__search_text__contains=folded)
            | Q(unit__search_text__contains=folded)
        )
    return qs


def overdue_requests(*, today=None):
    """Submitted requests still without a first response after their due date."""
    today = today or timezone.localdate()
    return ServiceRequest.objects.filter(
        status=Status.SUBMITTED, first_response_at__isnull=True, first_response_due__lt=today
    )


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
