"""The catalogue of VNPT services and plans, and the requests union units make for them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership import workflow
from partnership.basemodels import SearchText, account_link
from partnership.files.fields import UploadFileField, UploadImageField
from partnership.labels import choice_label
from partnership.notifications import categories

from .pricing import Quote, quote, with_vat

# Its kinds of notification, for each person's e-mail choices (notifications.categories).
REQUEST_NOTICES = categories.register("service_requests", _("Service requests"), order=10)


class Audience(models.TextChoices):
    MEMBER = "member", _("Union member")
    OFFICER = "officer", _("Union officer")
    CENTRAL_STAFF = "central_staff", _("Staff of the Central Union and its units")
    UNIT = "unit", _("Union unit (as an organisation)")


class Level(models.TextChoices):
    CENTRAL = "central", _("Central level")
    PROVINCIAL = "provincial", _("Provincial level")
    GRASSROOTS = "grassroots", _("Grassroots level")


# The plan's boolean column for each audience and union level, in display order: the one map
# that eligibility, the catalogue filter and the price-list import read.
AUDIENCE_FIELD: dict[str, str] = {
    Audience.MEMBER: "for_members",
    Audience.OFFICER: "for_officers",
    Audience.CENTRAL_STAFF: "for_central_staff",
    Audience.UNIT: "for_units",
}
LEVEL_FIELD: dict[str, str] = {
    Level.CENTRAL: "level_central",
    Level.PROVINCIAL: "level_provincial",
    Level.GRASSROOTS: "level_grassroots",
}

# A plan's terms, in the order the admin, the price-list import and the API list them.
PLAN_TERMS = (
    "tier",
    "with_device",
    "term_months",
    "months_paid",
    "monthly_price",
    "vat_rate",
    "second_monthly_price",
    "public_monthly_price",
    "valid_from",
    "valid_until",
)
# The amounts of a request, and everything its quote sets (`ServiceRequest.set_quote`).
AMOUNT_FIELDS = ("amount_before_vat", "vat_amount", "amount_total")
QUOTE_FIELDS = ("first_unit_price", "other_unit_price", "vat_rate", *AMOUNT_FIELDS)
# How VNPT reaches the requester, as the request form, the admin and the API list it.
CONTACT_FIELDS = ("contact_name", "contact_phone", "address", "wished_on", "note")


def service_image_path(instance, filename):
    """Random names: what the uploader called the file never reaches the disk."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"services/images/{uuid.uuid4().hex}.{ext if ext.isalnum() else 'bin'}"


class Category(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("services:category", args=[self.slug])


class ServiceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Service(SearchText):
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    provider = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("provider (VNPT unit)"),
        on_delete=models.PROTECT,
        related_name="provided_services",
        limit_choices_to={"party": "vnpt"},
    )
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    image = UploadImageField(_("image"), upload_to=service_image_path, blank=True)
    official_url = models.URLField(_("official site"), blank=True)
    published = models.BooleanField(_("published"), default=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    search_fields = ("name", "summary", "description")

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("services:detail", args=[self.slug])


class PlanQuerySet(models.QuerySet):
    def on_sale(self, day=None):
        day = day or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Plan(models.Model):
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="plans"
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=80, unique=True)
    tier = models.CharField(_("tier"), max_length=60, blank=True)
    with_device = models.BooleanField(_("with device"), default=False)
    term_months = models.PositiveSmallIntegerField(_("term (months)"), default=1)
    months_paid = models.PositiveSmallIntegerField(_("months paid"), default=1)
    monthly_price = models.PositiveBigIntegerField(_("monthly price before VAT (đồng)"))
    vat_rate = models.PositiveSmallIntegerField(_("VAT rate (%)"), default=10)
    second_monthly_price = models.PositiveBigIntegerField(
        _("monthly price of a second subscription before VAT (đồng)"), null=True, blank=True
    )
    public_monthly_price = models.PositiveBigIntegerField(
        _("public monthly price before VAT (đồng)"), null=True, blank=True
    )
    valid_from = models.DateField(_("on sale from"), default=timezone.localdate)
    valid_until = models.DateField(_("on sale until"), null=True, blank=True)
    for_members = models.BooleanField(_("for union members"), default=False)
    for_officers = models.BooleanField(_("for union officers"), default=False)
    for_central_staff = models.BooleanField(
        _("for staff of the Central Union and its units"), default=False
    )
    for_units = models.BooleanField(_("for union units"), default=False)
    level_central = models.BooleanField(_("central level"), default=True)
    level_provincial = models.BooleanField(_("provincial level"), default=True)
    level_grassroots = models.BooleanField(_("grassroots level"), default=True)
    min_quantity = models.PositiveIntegerField(
        _("minimum quantity per request"),
        default=1,
        help_text=_("E.g. 20 for a class plan sold from 20 accounts."),
    )
    max_quantity = models.PositiveIntegerField(
        _("maximum quantity per request"),
        default=1000,
        help_text=_("At most 1000, the limit of any request."),
    )
    position = models.PositiveSmallIntegerField(_("display order"), default=0)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["service", "position", "term_months", "monthly_price"]
        constraints = [
            models.CheckConstraint(
                condition=Q(months_paid__lte=F("term_months")) & Q(months_paid__gte=1),
                name="services_plan_months_paid_within_term",
            ),
            models.CheckConstraint(
                condition=Q(vat_rate__lte=100), name="services_plan_vat_rate_percent"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="services_plan_validity_ordered",
            ),
            models.CheckConstraint(
                condition=Q(min_quantity__gte=1)
                & Q(max_quantity__gte=F("min_quantity"))
                & Q(max_quantity__lte=1000),
                name="services_plan_quantity_bounds",
            ),
        ]

    def __str__(self):
        return f"{self.service.name} – {self.name}"

    def get_absolute_url(self):
        return self.service.get_absolute_url() + f"#plan-{self.pk}"

    # Every price shown or exported goes through pricing.with_vat, nowhere else.
    @property
    def monthly_price_with_vat(self):
        return with_vat(self.monthly_price, self.vat_rate)

    @property
    def second_monthly_price_with_vat(self):
        return with_vat(self.second_monthly_price, self.vat_rate)

    @property
    def public_monthly_price_with_vat(self):
        return with_vat(self.public_monthly_price, self.vat_rate)

    @property
    def term_total_with_vat(self):
        """What one subscription costs for the whole term (7 months paid as 6...)."""
        return with_vat(self.monthly_price * self.months_paid, self.vat_rate)

    @property
    def public_term_total_with_vat(self):
        if self.public_monthly_price is None:
            return None
        return with_vat(self.public_monthly_price * self.term_months, self.vat_rate)

    @property
    def term_saving_with_vat(self):
        """Saving for the term against the public price paid every month."""
        public = self.public_term_total_with_vat
        if public is None:
            return None
        return max(public - self.term_total_with_vat, 0)

    @property
    def term_second_total_with_vat(self):
        """What each subscription after the first costs for the whole term."""
        if self.second_monthly_price is None:
            return None
        return with_vat(self.second_monthly_price * self.months_paid, self.vat_rate)

    def quote(self, quantity: int) -> Quote:
        return quote(self, quantity)

    def is_on_sale(self, day=None):
        day = day or timezone.localdate()
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)


class Promotion(models.Model):
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="promotions"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="services_promotion_dates_ordered"
            )
        ]

    def __str__(self):
        return self.title


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    NEEDS_INFO = "needs_info", _("Needs information")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    FAILED = "failed", _("Failed")
    CLOSED = "closed", _("Closed")


# What VNPT delivered and the requester's confirmation: written by services.actions only
# (read-only in the admin, read in the API).
CLOSURE_FIELDS = (
    "contract_number",
    "activated_on",
    "confirmation_due",
    "confirmed_at",
    "auto_confirmed",
    "rating",
    "rating_comment",
)


class ServiceRequest(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="requests"
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("requesting unit"),
        on_delete=models.PROTECT,
        related_name="service_requests",
        db_index=False,  # services_request_unit_recent starts with it
    )
    for_unit = models.BooleanField(_("for the unit"), default=True)
    vnpt_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("VNPT unit handling it"),
        on_delete=models.PROTECT,
        related_name="routed_service_requests",
        limit_choices_to={"party": "vnpt"},
        db_index=False,  # services_request_vnpt_recent starts with it
    )
    assignee = account_link(_("VNPT liaison in charge"), related_name="claimed_service_requests")
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    address = models.CharField(_("address / place of installation"), max_length=300, blank=True)
    wished_on = models.DateField(_("wished date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The price when the request was sent (services.pricing.quote), kept as it was then.
    first_unit_price = models.PositiveBigIntegerField(
        _("first subscription for the term, before VAT (đồng)"), null=True, editable=False
    )
    other_unit_price = models.PositiveBigIntegerField(
        _("each further subscription for the term, before VAT (đồng)"), null=True, editable=False
    )
    vat_rate = models.PositiveSmallIntegerField(_("VAT rate (%)"), null=True, editable=False)
    amount_before_vat = models.PositiveBigIntegerField(
        _("amount before VAT (đồng)"), null=True, editable=False
    )
    vat_amount = models.PositiveBigIntegerField(_("VAT (đồng)"), null=True, editable=False)
    amount_total = models.PositiveBigIntegerField(
        _("total, VAT incl. (đồng)"), null=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    idempotency_key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    first_response_due = models.DateField(_("first response due"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first responded at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, db_index=True)
    # What VNPT delivered, given when it marks the request completed (services.actions).
    contract_number = models.CharField(
        _("contract or subscriber number"), max_length=60, blank=True
    )
    activated_on = models.DateField(_("activation date"), null=True, blank=True)
    # The requesting unit confirms the service works (or reopens the request) by this day;
    # after it, the portal confirms it (services.actions.auto_confirm_completed).
    confirmation_due = models.DateField(_("confirmation due"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    auto_confirmed = models.BooleanField(_("confirmed automatically"), default=False)
    rating = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    rating_comment = models.TextField(_("requester's comment on the service"), blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-submitted_at"]
        indexes = [
            # The request lists: a branch's queue / a unit's requests, newest first (keyset).
            models.Index(
                fields=["vnpt_unit", "submitted_at", "id"], name="services_request_vnpt_recent"
            ),
            models.Index(
                fields=["unit", "submitted_at", "id"], name="services_request_unit_recent"
            ),
            # A service's average rating (its page) and the confirmed completions that the
            # agreement's indicators count: partial indexes holding what they read (an
            # index-only scan), instead of a scan of every request (22 ms and 35 ms at 100 000).
            models.Index(
                fields=["service", "rating", "id"],
                name="services_request_rated",
                condition=Q(rating__isnull=False),
            ),
            models.Index(
                fields=["service", "completed_at", "status", "id"],
                name="services_request_confirmed",
                condition=Q(confirmed_at__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "idempotency_key"], name="services_request_idempotent"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(quantity__lte=1000),
                name="services_request_quantity_range",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="services_request_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.plan}"

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = "YC-" + uuid.uuid4().hex[:8].upper()
        if self.plan_id and not self.service_id:
            self.service_id = self.plan.service_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("services:request", args=[self.reference])

    def get_status_display(self) -> str:
        return choice_label(Status, self.status)  # once per process and language

    def set_quote(self, value: Quote) -> None:
        self.first_unit_price, self.other_unit_price = value.first_unit, value.other_unit
        self.vat_rate, self.amount_before_vat = value.vat_rate, value.before_vat
        self.vat_amount, self.amount_total = value.vat, value.total

    @property
    def quote(self) -> Quote | None:
        """The price stored when the request was sent (a later price change leaves it)."""
        if self.amount_total is None:
            return None
        return Quote(
            quantity=self.quantity,
            first_unit=self.first_unit_price or 0,
            other_unit=self.other_unit_price or 0,
            vat_rate=self.vat_rate or 0,
            before_vat=self.amount_before_vat or 0,
            vat=self.vat_amount or 0,
            total=self.amount_total,
        )


class ServiceDemand(models.Model):
    """Requests made for a service on one day (see services.demand): the popularity sort."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="demand"
    )
    day = models.DateField(_("day"))
    requests = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("requests per day")
        verbose_name_plural = _("requests per day")
        constraints = [
            models.UniqueConstraint(fields=["service", "day"], name="services_demand_per_day")
        ]

    def __str__(self):
        return f"{self.service_id} {self.day}: {self.requests}"


class StatusChange(workflow.StatusChange):
    """A move of a request (see partnership.workflow), or a note such as a rerouting."""

    request = workflow.history_parent(ServiceRequest, _("request"))
    old_status, new_status = workflow.status_pair(Status.choices)

    class Meta(workflow.StatusChange.Meta):
        pass


class Message(models.Model):
    request = models.ForeignKey(
        ServiceRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = models.TextField(_("message"))
    attachment = UploadFileField(_("attachment"), upload_to="services/messages/", blank=True)
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]


class WorkdayChange(models.Model):
    """A change the government announced to the public holidays of the `holidays` package:
    a weekend made a working day (a swap) or an extra day off."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Working day")

    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reason = models.CharField(
        _("reason"), max_length=200, help_text=_("E.g. the decision announcing it.")
    )

    class Meta:
        verbose_name = _("working-day change")
        verbose_name_plural = _("working-day changes")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {self.get_kind_display()}"


class DeadlineAlert(models.Model):
    """A reminder or escalation sent for a request: at most one per request, kind and
    threshold (the unique constraint makes the beat tasks idempotent)."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder before the due date")
        ESCALATION = "escalation", _("Escalation to VNPT headquarters")

    request = models.ForeignKey(
        ServiceRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="deadline_alerts",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    threshold = models.PositiveSmallIntegerField(_("working days"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("deadline alert")
        verbose_name_plural = _("deadline alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "threshold"], name="services_deadline_alert_once"
            )
        ]

    def __str__(self):
        return f"{self.request_id} {self.kind} {self.threshold}"
