"""The services app's API: the public catalogue, a VNPT branch's requests (by key) and a
signed-in person's own requests (by session).

Every read goes through services.selectors and every move through services.actions, as the
pages do: the same rules, history and notifications.
"""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partnership.api.auth import ApiKeyAuthentication, HasApiKey, MayAct, SignedIn
from partnership.api.calendars import Entry
from partnership.api.errors import Conflict
from partnership.api.fields import PageUrlField
from partnership.api.pagination import Keyset, PageNumber

from . import actions, selectors
from .eligibility import plan_audiences, plan_levels
from .models import (
    CLOSURE_FIELDS,
    CONTACT_FIELDS,
    PLAN_TERMS,
    QUOTE_FIELDS,
    Audience,
    Category,
    Level,
    Plan,
    Service,
    ServiceRequest,
    Status,
)
from .selectors import SORTS

# --- Catalogue (public) ---------------------------------------------------------------------


class CategorySerializer(serializers.ModelSerializer):
    service_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Category
        fields = ["slug", "name", "description", "service_count"]


class PlanSerializer(serializers.ModelSerializer):
    monthly_price_with_vat = serializers.IntegerField(read_only=True)
    public_monthly_price_with_vat = serializers.IntegerField(read_only=True, allow_null=True)
    term_total_with_vat = serializers.IntegerField(read_only=True)
    audiences = serializers.SerializerMethodField()
    levels = serializers.SerializerMethodField()
    on_sale = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "code",
            "name",
            *PLAN_TERMS,
            "monthly_price_with_vat",
            "public_monthly_price_with_vat",
            "term_total_with_vat",
            "min_quantity",
            "max_quantity",
            "audiences",
            "levels",
            "on_sale",
        ]

    def get_audiences(self, plan: Plan) -> list[str]:
        return plan_audiences(plan)

    def get_levels(self, plan: Plan) -> list[str]:
        return plan_levels(plan)

    def get_on_sale(self, plan: Plan) -> bool:
        return plan.is_on_sale()


class ServiceSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    provider = serializers.CharField(source="provider.name", read_only=True)
    from_price = serializers.IntegerField(read_only=True, allow_null=True)
    url = PageUrlField()

    class Meta:
        model = Service
        fields = ["slug", "name", "category", "summary", "provider", "from_price", "url"]


class ServiceDetailSerializer(ServiceSerializer):
    plans = serializers.SerializerMethodField()

    class Meta(ServiceSerializer.Meta):
        fields = [
            *(f for f in ServiceSerializer.Meta.fields if f != "from_price"),
            "description",
            "official_url",
            "plans",
        ]

    @extend_schema_field(PlanSerializer(many=True))
    def get_plans(self, service: Service) -> list[dict]:
        return PlanSerializer(selectors.plans_for_page(service), many=True).data


class CatalogueQuery(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    category = serializers.SlugField(required=False, allow_blank=True, max_length=120)
    audience = serializers.ChoiceField(Audience.choices, required=False, allow_blank=True)
    level = serializers.ChoiceField(Level.choices, required=False, allow_blank=True)
    price_min = serializers.IntegerField(required=False, min_value=0, max_value=10**12)
    price_max = serializers.IntegerField(required=False, min_value=0, max_value=10**12)
    term = serializers.IntegerField(required=False, min_value=1, max_value=120)
    with_device = serializers.BooleanField(required=False, allow_null=True, default=None)
    sort = serializers.ChoiceField(SORTS, required=False, default="popular")


def query(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The query string checked by a serializer: 400 with the fields' messages, never 500."""
    s = serializer_class(data=request.query_params)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


class CategoryList(generics.ListAPIView):
    """Categories of the catalogue, with how many published services each holds."""

    serializer_class = CategorySerializer
    pagination_class = PageNumber

    def get_queryset(self) -> QuerySet:
        return selectors.categories().order_by("position", "name", "pk")


@extend_schema(parameters=[CatalogueQuery])
class ServiceList(generics.ListAPIView):
    """Published services with an on-sale plan matching the filters (as the catalogue page);
    `q` is searched without diacritics; prices are monthly, in đồng, with VAT."""

    serializer_class = ServiceSerializer
    pagination_class = PageNumber

    def get_queryset(self) -> QuerySet:
        conditions = query(CatalogueQuery, self.request)
        slug = conditions.pop("category", "")
        category = get_object_or_404(Category, slug=slug) if slug else None
        return selectors.catalogue(category=category, **conditions)


class ServiceDetail(generics.RetrieveAPIView):
    """A published service and its plans: prices before and with VAT, who may request each
    (audiences, union levels) and when it is on sale."""

    serializer_class = ServiceDetailSerializer
    lookup_field = "slug"

    def get_object(self) -> Service:
        return selectors.service_for_page(self.kwargs["slug"], AnonymousUser())


# --- Requests -------------------------------------------------------------------------------


class ChangeSerializer(serializers.Serializer):
    old_status = serializers.CharField()
    new_status = serializers.CharField()
    at = serializers.DateTimeField()
    comment = serializers.CharField()
    by = serializers.SerializerMethodField()

    def get_by(self, change: Any) -> str:
        return str(change.by) if change.by else ""


class MessageSerializer(serializers.Serializer):
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    author = serializers.SerializerMethodField()
    has_attachment = serializers.SerializerMethodField()

    def get_author(self, message: Any) -> str:
        return str(message.author) if message.author_id else ""

    def get_has_attachment(self, message: Any) -> bool:
        return bool(message.attachment)


class RequestSerializer(serializers.ModelSerializer):
    service = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit = serializers.CharField(source="unit.name", read_only=True)
    vnpt_unit = serializers.CharField(source="vnpt_unit.name", read_only=True)
    assignee = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRequest
        fields = [
            "reference",
            "status",
            "service",
            "plan",
            "unit",
            "for_unit",
            "vnpt_unit",
            "assignee",
            "quantity",
            *QUOTE_FIELDS,
            *CONTACT_FIELDS,
            "submitted_at",
            "first_response_due",
            "first_response_at",
            "completed_at",
            *CLOSURE_FIELDS,
            "updated_at",
            "overdue",
        ]

    def get_assignee(self, obj: ServiceRequest) -> str:
        return str(obj.assignee) if obj.assignee_id else ""

    def get_overdue(self, obj: ServiceRequest) -> bool:
        return selectors.is_overdue(obj)


class RequestDetailSerializer(RequestSerializer):
    history = serializers.SerializerMethodField()
    messages = serializers.SerializerMethodField()
    allowed_moves = serializers.SerializerMethodField()

    class Meta(RequestSerializer.Meta):
        fields = [*RequestSerializer.Meta.fields, "history", "messages", "allowed_moves"]

    @extend_schema_field(ChangeSerializer(many=True))
    def get_history(self, obj: ServiceRequest) -> list[dict]:
        return ChangeSerializer(obj.status_changes.select_related("by"), many=True).data

    @extend_schema_field(MessageSerializer(many=True))
    def get_messages(self, obj: ServiceRequest) -> list[dict]:
        return MessageSerializer(obj.messages.select_related("author"), many=True).data

    def get_allowed_moves(self, obj: ServiceRequest) -> list[str]:
        return actions.allowed_moves(obj, self.context["request"].user)


class RequestQuery(serializers.Serializer):
    status = serializers.ChoiceField(Status.choices, required=False, allow_blank=True)
    service = serializers.SlugField(required=False, allow_blank=True, max_length=200)
    overdue = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    changed_since = serializers.DateTimeField(
        required=False, help_text="Only requests changed at or after this time (ISO 8601)."
    )


def _filtered(qs: QuerySet, request: Request) -> QuerySet:
    conditions = query(RequestQuery, request)
    since = conditions.pop("changed_since", None)
    slug = conditions.pop("service", "")
    if slug:
        conditions["service"] = Service.objects.filter(slug=slug).first() or Service(pk=0)
    qs = selectors.filter_requests(qs, **conditions)
    if since is not None:
        qs = qs.filter(updated_at__gte=since)
    return qs


class _RequestListBase(generics.ListAPIView):
    serializer_class = RequestSerializer
    pagination_class = Keyset
    keyset_keys = ["submitted_at", "id"]

    def visible(self) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        return _filtered(self.visible(), self.request)


def branch_requests(request: Request) -> QuerySet:
    """The key's branch queue: the requests routed to its VNPT unit and the units below it
    (the key's liaison belongs to the key's unit: ApiKeyAuthentication checks it)."""
    return selectors.queue_for(request.user)


class _BranchView:
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasApiKey, MayAct]


@extend_schema(parameters=[RequestQuery], tags=["branch"])
class BranchRequestList(_BranchView, _RequestListBase):
    """The branch's requests, newest first (as the VNPT queue), with its filters; poll with
    `changed_since` to fetch only what moved."""

    def visible(self) -> QuerySet:
        return branch_requests(self.request)


@extend_schema(tags=["branch"])
class BranchRequestDetail(_BranchView, generics.RetrieveAPIView):
    """One request of the branch with its history, messages and the moves the key may make.
    Another branch's request answers 404."""

    serializer_class = RequestDetailSerializer

    def get_object(self) -> ServiceRequest:
        return get_object_or_404(branch_requests(self.request), reference=self.kwargs["reference"])


MOVES = sorted(actions.VNPT_MOVES)


class MoveSerializer(serializers.Serializer):
    to = serializers.ChoiceField(MOVES, help_text="The status the request moves to.")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    expected_status = serializers.ChoiceField(
        Status.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="The status you last saw: a request moved since then answers 409.",
    )
    contract_number = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=60,
        default="",
        help_text="Required to complete a request: the contract or subscriber number.",
    )
    activated_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Required to complete a request: the day the service was activated.",
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["to"] == Status.COMPLETED:
            missing = {
                name: [message]
                for name, message in actions.WORKFLOW.missing(
                    Status.IN_PROGRESS,
                    Status.COMPLETED,
                    contract_number=data["contract_number"],
                    activated_on=data["activated_on"],
                ).items()
            }
            if missing:
                raise serializers.ValidationError(missing)
        if data["to"] in actions.REASON_REQUIRED and not data["comment"].strip():
            raise serializers.ValidationError({"comment": [str(actions.WHY)]})
        return data


def _refused(exc: actions.RequestError) -> exceptions.APIException:
    """A domain refusal as an answer: a state that forbids the move is a conflict (409); a
    move with missing or wrong data is a bad request (400)."""
    if isinstance(exc, actions.StaleTransition | actions.IllegalTransition):
        return Conflict(str(exc))
    if hasattr(exc, "error_dict"):  # inputs the move requires, by name ("reason": the comment)
        return exceptions.ValidationError(
            {
                ("comment" if name == "reason" else name): msgs
                for name, msgs in exc.message_dict.items()
            }
        )
    return exceptions.ValidationError({"non_field_errors": [str(exc)]})


class _BranchAction(_BranchView, APIView):
    def target(self) -> ServiceRequest:
        return get_object_or_404(branch_requests(self.request), reference=self.kwargs["reference"])

    def detail(self, obj: ServiceRequest) -> Response:
        obj = get_object_or_404(branch_requests(self.request), pk=obj.pk)
        return Response(RequestDetailSerializer(obj, context={"request": self.request}).data)


@extend_schema(
    tags=["branch"],
    request=MoveSerializer,
    responses={
        200: RequestDetailSerializer,
        400: OpenApiResponse(description="Invalid body: field messages."),
        409: OpenApiResponse(description="The request's state does not allow this move."),
    },
)
class BranchRequestMove(_BranchAction):
    """Move a request as the VNPT queue does: accept, ask for information (comment required),
    reject, start work, complete (contract or subscriber number and activation date required;
    the requesting unit then confirms it), report failure, close a confirmed request."""

    def post(self, request: Request, reference: str) -> Response:
        obj = self.target()
        s = MoveSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        comment = data["comment"].strip()
        try:
            if data["to"] == Status.COMPLETED:
                actions.complete_request(
                    request=obj,
                    by=request.user,
                    contract_number=data["contract_number"],
                    activated_on=data["activated_on"],
                    comment=comment,
                    expected_status=data["expected_status"] or None,
                )
            else:
                actions.set_status(
                    request=obj,
                    new_status=data["to"],
                    by=request.user,
                    comment=comment,
                    expected_status=data["expected_status"] or None,
                )
        except actions.RequestError as exc:
            raise _refused(exc) from exc
        return self.detail(obj)


@extend_schema(
    tags=["branch"],
    request=None,
    responses={200: RequestDetailSerializer, 409: OpenApiResponse(description="Claimed.")},
)
class BranchRequestClaim(_BranchAction):
    """Put the key's liaison in charge of the request (a request claimed by another stays
    theirs: 409)."""

    def post(self, request: Request, reference: str) -> Response:
        obj = self.target()
        try:
            actions.claim_request(request=obj, by=request.user)
        except actions.RequestError as exc:
            raise _refused(exc) from exc
        return self.detail(obj)


class MessageBody(serializers.Serializer):
    body = serializers.CharField(max_length=5000)


@extend_schema(
    tags=["branch"],
    request=MessageBody,
    responses={201: RequestDetailSerializer, 400: OpenApiResponse(description="Empty body.")},
)
class BranchRequestMessage(_BranchAction):
    """Write in the request's thread (the requester is notified)."""

    def post(self, request: Request, reference: str) -> Response:
        obj = self.target()
        s = MessageBody(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            actions.post_message(request=obj, by=request.user, body=s.validated_data["body"])
        except actions.RequestError as exc:
            raise _refused(exc) from exc
        response = self.detail(obj)
        response.status_code = status.HTTP_201_CREATED
        return response


# --- A signed-in person's requests (session, read-only) --------------------------------------


class _MineView:
    authentication_classes = [SessionAuthentication]
    permission_classes = [SignedIn]


@extend_schema(parameters=[RequestQuery], tags=["me"])
class MyRequestList(_MineView, _RequestListBase):
    """The signed-in person's requests as on "My requests": their own, and an officer's unit's
    and the units' below."""

    def visible(self) -> QuerySet:
        return selectors.requests_visible_to(self.request.user)


urlpatterns_public = [
    ("categories/", CategoryList, "categories"),
    ("services/", ServiceList, "services"),
    ("services/<slug:slug>/", ServiceDetail, "service"),
]
urlpatterns_branch = [
    ("branch/requests/", BranchRequestList, "branch_requests"),
    ("branch/requests/<str:reference>/", BranchRequestDetail, "branch_request"),
    ("branch/requests/<str:reference>/move/", BranchRequestMove, "branch_request_move"),
    ("branch/requests/<str:reference>/claim/", BranchRequestClaim, "branch_request_claim"),
    ("branch/requests/<str:reference>/messages/", BranchRequestMessage, "branch_request_message"),
    ("me/requests/", MyRequestList, "my_requests"),
]


def _urls() -> list:
    from django.urls import path

    return [
        path(route, view.as_view(), name=name)
        for route, view, name in [*urlpatterns_public, *urlpatterns_branch]
    ]


urlpatterns = _urls()


# --- Deadlines in a person's private calendar (partnership.api.calendars) --------------------

OPEN = [Status.SUBMITTED, Status.NEEDS_INFO, Status.ACCEPTED, Status.IN_PROGRESS]
DEADLINE_LIMIT = 300


def request_deadlines(user: Any) -> list[Entry]:
    """First responses due on requests the person sees (a liaison: the branch queue), and the
    wished dates of accepted requests, from 30 days back."""
    since = timezone.localdate() - datetime.timedelta(days=30)
    qs = selectors.requests_visible_to(user).filter(status__in=OPEN)
    due = qs.filter(first_response_at__isnull=True, first_response_due__gte=since).order_by(
        "first_response_due", "pk"
    )
    wished = qs.filter(
        status__in=[Status.ACCEPTED, Status.IN_PROGRESS], wished_on__gte=since
    ).order_by("wished_on", "pk")
    return [
        *(
            _deadline(
                r, "response", _("First response due: %(ref)s (%(service)s)"), r.first_response_due
            )
            for r in due[:DEADLINE_LIMIT]
        ),
        *(
            _deadline(r, "wished", _("Wished date: %(ref)s (%(service)s)"), r.wished_on)
            for r in wished[:DEADLINE_LIMIT]
        ),
    ]


def _deadline(r: ServiceRequest, kind: str, title: str, day: datetime.date) -> Entry:
    """A day in the request's life (`kind`), named by `title` with its reference and service."""
    return Entry(
        uid=f"request-{r.pk}-{kind}",
        title=title % {"ref": r.reference, "service": r.service.name},
        start=day,
        url=settings.SITE_URL + r.get_absolute_url(),
        deadline=True,
    )
