"""The agreement's API: commitments with indicators and their current figures, joint
activities (JSON and iCal, national and per province), and a signed-in officer's reports."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response

from partnership.api.auth import SignedIn
from partnership.api.calendars import Entry, ics_response
from partnership.api.fields import PageUrlField
from partnership.api.pagination import Keyset, PageNumber
from partnership.organisations import provinces
from partnership.organisations.models import Party
from partnership.organisations.selectors import unit_ids_under

from . import selectors
from .models import (
    Agreement,
    AgreementStatus,
    Commitment,
    JointActivity,
    ProgressReport,
    Theme,
    due_date,
)


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit_of_measure = serializers.CharField()
    target = serializers.DecimalField(max_digits=14, decimal_places=2)
    measure = serializers.CharField()
    reported = serializers.DecimalField(max_digits=16, decimal_places=2)
    automatic = serializers.IntegerField()
    current = serializers.DecimalField(max_digits=16, decimal_places=2)
    percent = serializers.IntegerField()
    state = serializers.ChoiceField(["not_started", "in_progress", "achieved"])


def indicator_rows(progress: Iterable[selectors.Progress]) -> list[dict[str, Any]]:
    return [
        {
            "id": p.indicator.pk,
            "name": p.indicator.name,
            "unit_of_measure": p.indicator.unit_of_measure,
            "target": p.indicator.target,
            "measure": p.indicator.measure,
            "reported": p.reported,
            "automatic": p.automatic,
            "current": Decimal(p.total),
            "percent": p.percent,
            "state": p.state,
        }
        for p in progress
    ]


class CommitmentSerializer(serializers.ModelSerializer):
    indicators = serializers.SerializerMethodField()
    url = PageUrlField()

    class Meta:
        model = Commitment
        fields = ["id", "code", "party", "level", "theme", "title", "text", "indicators", "url"]

    @extend_schema_field(IndicatorSerializer(many=True))
    def get_indicators(self, commitment: Commitment) -> list[dict[str, Any]]:
        progress = self.context["progress"]
        rows = [progress[i.pk] for i in commitment.indicators.all() if i.pk in progress]
        return IndicatorSerializer(indicator_rows(rows), many=True).data


class CommitmentQuery(serializers.Serializer):
    party = serializers.ChoiceField(Party.choices, required=False, allow_blank=True)
    theme = serializers.ChoiceField(Theme.choices, required=False, allow_blank=True)
    province = serializers.ChoiceField(
        provinces.CHOICES,
        required=False,
        allow_blank=True,
        help_text="The province's commitments, and its figures only.",
    )
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)


@extend_schema(parameters=[CommitmentQuery])
class CommitmentList(generics.ListAPIView):
    """The commitments of the agreement in force, each with its indicators and their current
    figures (approved reports plus what the portal counts itself), as on the progress pages."""

    serializer_class = CommitmentSerializer
    pagination_class = PageNumber

    def get_queryset(self) -> QuerySet:
        agreement = selectors.main_agreement()
        if agreement is None:
            return Commitment.objects.none()
        s = CommitmentQuery(data=self.request.query_params)
        s.is_valid(raise_exception=True)
        return selectors.commitments_filtered(agreement, **s.validated_data).order_by("order", "pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        agreement = selectors.main_agreement()
        progress: dict[int, selectors.Progress] = {}
        if page and agreement is not None:
            province = request.query_params.get("province") or None
            indicators = selectors.indicators_of(agreement).filter(commitment__in=page)
            progress = selectors.indicator_progress(indicators, province=province)
        context = {**self.get_serializer_context(), "progress": progress}
        data = CommitmentSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)


class ActivitySerializer(serializers.ModelSerializer):
    organising_units = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    url = PageUrlField()

    class Meta:
        model = JointActivity
        fields = [
            "slug",
            "title",
            "theme",
            "starts_on",
            "ends_on",
            "online",
            "place",
            "province",
            "organising_units",
            "participants",
            "description",
            "outcome",
            "url",
        ]


class ActivityQuery(serializers.Serializer):
    province = serializers.ChoiceField(provinces.CHOICES, required=False, allow_blank=True)
    theme = serializers.ChoiceField(Theme.choices, required=False, allow_blank=True)
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)


def _activities(params: Any) -> QuerySet:
    s = ActivityQuery(data=params)
    s.is_valid(raise_exception=True)
    return selectors.public_activities(**s.validated_data).order_by("-starts_on", "-pk")


@extend_schema(parameters=[ActivityQuery])
class ActivityList(generics.ListAPIView):
    """Joint activities of both parties, newest first; also as an iCal feed
    (calendars/activities.ics)."""

    serializer_class = ActivitySerializer
    pagination_class = PageNumber

    def get_queryset(self) -> QuerySet:
        return _activities(self.request.query_params)


class ReportSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.name", read_only=True)
    commitment = serializers.CharField(source="indicator.commitment.code", read_only=True)
    unit = serializers.CharField(source="unit.name", read_only=True)
    due_on = serializers.DateField(read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "commitment",
            "indicator",
            "unit",
            "year",
            "quarter",
            "value",
            "narrative",
            "status",
            "due_on",
            "submitted_at",
            "reviewed_at",
            "review_comment",
        ]


@extend_schema(tags=["me"])
class MyReportList(generics.ListAPIView):
    """The progress reports of the signed-in officer's or liaison's unit and the units below
    it, in every state (session authentication, read-only)."""

    serializer_class = ReportSerializer
    pagination_class = Keyset
    keyset_keys = ["id"]
    authentication_classes = [SessionAuthentication]
    permission_classes = [SignedIn]

    def get_queryset(self) -> QuerySet:
        return selectors.my_unit_reports(self.request.user)


# --- Calendars ------------------------------------------------------------------------------


def activity_entries(activities: Iterable[JointActivity]) -> list[Entry]:
    site = settings.SITE_URL
    return [
        Entry(
            uid=f"activity-{a.pk}",
            title=a.title,
            start=a.starts_on,
            end=a.ends_on,
            url=site + a.get_absolute_url(),
            description=a.description[:2000],
            location=_("Online") if a.online else a.place,
        )
        for a in activities
    ]


CALENDAR_DAYS_BACK = 400


def activities_ics(request: HttpRequest, province: str = "") -> HttpResponse:
    """The joint activities of the last year and to come, nationwide or in one province."""
    if province and province not in provinces.ALL:
        raise Http404
    since = timezone.localdate() - datetime.timedelta(days=CALENDAR_DAYS_BACK)
    qs = selectors.public_activities(province=province).filter(ends_on__gte=since)
    name = _("Joint activities Đoàn – VNPT")
    if province:
        name = f"{name} – {province}"
    return ics_response(name, activity_entries(qs.order_by("starts_on", "pk")), "activities.ics")


def report_deadlines(user: Any) -> list[Entry]:
    """The quarterly report due dates of the agreements in force, for the officers and
    liaisons who report (from 90 days back to a year ahead)."""
    if not selectors.acts_for_party(user):
        return []
    today = timezone.localdate()
    window = (today - datetime.timedelta(days=90), today + datetime.timedelta(days=366))
    missing: dict[tuple[int, int], int] = {}
    for _i, _u, year, quarter in selectors.missing_reports(unit_ids=unit_ids_under(user.unit)):
        missing[(year, quarter)] = missing.get((year, quarter), 0) + 1
    out = []
    for agreement in Agreement.objects.all():
        if agreement.status_on(today) != AgreementStatus.IN_FORCE:
            continue
        for year, quarter in agreement.periods():
            due = due_date(year, quarter)
            if not window[0] <= due <= window[1]:
                continue
            description = ""
            if missing.get((year, quarter)):
                description = _("%(n)s reports of your units are missing.") % {
                    "n": missing[(year, quarter)]
                }
            out.append(
                Entry(
                    uid=f"reports-{agreement.pk}-{year}-{quarter}-{user.unit_id}",
                    title=_("Progress reports for Q%(quarter)s/%(year)s due")
                    % {"quarter": quarter, "year": year},
                    start=due,
                    url=settings.SITE_URL + reverse("agreements:reports"),
                    description=description,
                    deadline=True,
                )
            )
    return out


urlpatterns = [
    path("commitments/", CommitmentList.as_view(), name="commitments"),
    path("activities/", ActivityList.as_view(), name="activities"),
    path("me/reports/", MyReportList.as_view(), name="my_reports"),
    path("calendars/activities.ics", activities_ics, name="activities_ics"),
    path(
        "calendars/activities/<str:province>.ics",
        activities_ics,
        name="province_activities_ics",
    ),
]
