"""The cooperation agreement, its commitments and indicators, and the progress reported on them."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from partnership import workflow
from partnership.basemodels import SearchText, account_link
from partnership.files.fields import UploadFileField, UploadImageField
from partnership.files.models import FileRecord
from partnership.labels import choice_label
from partnership.notifications import categories
from partnership.organisations import provinces
from partnership.organisations.models import Party
from partnership.uploads import OFFICE, PDF

# Its kinds of notification, for each person's e-mail choices (notifications.categories).
PROGRESS_NOTICES = categories.register("agreement_progress", _("Agreement progress"), order=20)

# A quarter's report is due this many days after the quarter ends.
REPORT_DUE_DAYS = 15


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    ENDED = "ended", _("Ended")


class Agreement(models.Model):
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    number = models.CharField(_("number"), max_length=60, blank=True)
    union_party = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("Union party"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"party": Party.UNION},
    )
    vnpt_party = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("VNPT party"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"party": Party.VNPT},
    )
    summary = models.TextField(_("summary"), blank=True)
    place = models.CharField(_("place of signing"), max_length=120, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"))
    succeeded_by = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_("The renewal agreement that follows this one."),
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="agreement_term_order"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:detail", args=[self.slug])

    def status_on(self, day: datetime.date) -> str:
        if not self.signed_on or day < self.starts_on:
            return AgreementStatus.DRAFT
        if day > self.ends_on:
            return AgreementStatus.ENDED
        return AgreementStatus.IN_FORCE

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self):
        return AgreementStatus(self.status).label

    def periods(self) -> list[tuple[int, int]]:
        """Every (year, quarter) that overlaps the term."""
        out = []
        year, quarter = self.starts_on.year, (self.starts_on.month - 1) // 3 + 1
        while (year, quarter) <= (self.ends_on.year, (self.ends_on.month - 1) // 3 + 1):
            out.append((year, quarter))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
        return out

    def covers(self, year: int, quarter: int) -> bool:
        return (year, quarter) in self.periods()


class LegalBasis(models.Model):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="bases"
    )
    reference = models.CharField(_("number and symbol"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=400)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.reference} {self.title}".strip()


class Signatory(models.Model):
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="signatories",
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=300)
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    signed = models.BooleanField(_("signed the agreement"), default=False)
    spoke = models.BooleanField(_("spoke at the ceremony"), default=False)
    remarks = models.TextField(_("remarks"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("signatory or speaker")
        verbose_name_plural = _("signatories and speakers")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class DocumentKind(models.TextChoices):
    SIGNED = "signed", _("Signed agreement (scan)")
    ANNEX = "annex", _("Annex")
    OTHER = "other", _("Other document")


class AgreementDocument(models.Model):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(
        _("document kind"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.ANNEX
    )
    file = UploadFileField(_("file"), upload_to="agreements/documents/", kinds=(PDF, OFFICE))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:document", args=[self.pk])


class Theme(models.TextChoices):
    ICT_PRODUCTS = "ict_products", _("ICT products and prices")
    OFFICE_SOFTWARE = "office_software", _("Office software")
    IDEA_BANK = "idea_bank", _("Idea bank")
    IT_MASTER_PLAN = "it_master_plan", _("IT master plan")
    YOUTH_ACTIVITIES = "youth_activities", _("Youth activities and online contests")
    VOLUNTEERING = "volunteering", _("Volunteer and social-welfare activities")
    UNION_SOFTWARE = "union_software", _("Union management software")
    ONLINE_SYSTEM = "online_system", _("Online system project")
    ENGLISH = "english", _("English training (MyEnglish, KidEnglish)")
    VNPT_PAY = "vnpt_pay", _("VNPT Pay promotions")
    MYTV = "mytv", _("MyTV and digital packages")
    STAFF_TARIFFS = "staff_tariffs", _("Preferential tariffs for Central Union staff")
    YOUTH_INFO = "youth_info", _("Youth-work information for VNPT channels")


class Level(models.TextChoices):
    CENTRAL = "central", _("Central Union")
    ALL_LEVELS = "all_levels", _("All union levels")
    LOCAL = "local", _("Local VNPT branches")


class Commitment(SearchText):
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    code = models.CharField(_("code"), max_length=12, help_text=_("E.g. V.3"))
    party = models.CharField(_("committed by"), max_length=10, choices=Party.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    theme = models.CharField(_("theme"), max_length=24, choices=Theme.choices)
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text of the clause"))
    responsible_units = models.ManyToManyField(
        "organisations.Unit",
        verbose_name=_("responsible units"),
        related_name="commitments",
        help_text=_("Officers or liaisons of these units, or of units below them, report."),
    )
    reviewing_units = models.ManyToManyField(
        "organisations.Unit",
        verbose_name=_("reviewing units"),
        related_name="commitments_reviewed",
        blank=True,
        help_text=_(
            "Units of the other party whose officers or liaisons confirm reports, besides "
            "the counterpart unit of the reporting unit's province."
        ),
    )
    services = models.ManyToManyField(
        "services.Service",
        verbose_name=_("catalogue services that deliver it"),
        related_name="+",
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    search_text = models.TextField(blank=True, editable=False)
    search_fields = ("code", "title", "text")

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["agreement", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="commitment_code_unique")
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("agreements:commitment", args=[self.pk])

    @property
    def counterpart_party(self) -> str:
        return Party.VNPT if self.party == Party.UNION else Party.UNION


class Measure(models.TextChoices):
    SUM = "sum", _("Sum of the periods (e.g. participants)")
    LATEST = "latest", _("Latest value per unit (e.g. units using a service)")


class AutoSource(models.TextChoices):
    NONE = "", _("Reported values only")
    SERVICE_REQUESTS = "service_requests", _("Completed service requests")
    ACTIVITY_PARTICIPANTS = "activity_participants", _("Participants in joint activities")
    SUPPORTED_IDEAS = "supported_ideas", _("Ideas supported by VNPT")


class Indicator(models.Model):
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=255)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    measure = models.CharField(
        _("how values add up"), max_length=8, choices=Measure.choices, default=Measure.SUM
    )
    auto_source = models.CharField(
        _("counted automatically from"),
        max_length=24,
        choices=AutoSource.choices,
        default=AutoSource.NONE,
        blank=True,
    )
    off_portal_reports = models.BooleanField(
        _("also reported: work outside the portal"),
        default=False,
        help_text=_(
            "For an indicator counted automatically: units also report what the portal did "
            "not record, and the two are added. Unticked, it is counted only and takes no report."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["commitment", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gt=0), name="indicator_target_positive")
        ]

    def __str__(self):
        return self.name

    @property
    def takes_reports(self) -> bool:
        """One source per figure: an indicator counted automatically takes no report of the
        same work; where both are needed, reports carry only what the portal did not record."""
        return not self.auto_source or self.off_portal_reports

    @property
    def reports_off_portal(self) -> bool:
        """Reports on it are of work outside the portal (added to the automatic count)."""
        return bool(self.auto_source) and self.off_portal_reports


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


def quarter_end(year: int, quarter: int) -> datetime.date:
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)


def quarter_start(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, 3 * quarter - 2, 1)


def due_date(year: int, quarter: int) -> datetime.date:
    return quarter_end(year, quarter) + datetime.timedelta(days=REPORT_DUE_DAYS)


class ProgressReport(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("reporting unit"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(q, format_lazy("{} {}", _("Quarter"), q)) for q in (1, 2, 3, 4)]
    )
    value = models.DecimalField(_("value reached"), max_digits=14, decimal_places=2)
    narrative = models.TextField(_("narrative"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        db_index=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = account_link(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-year", "-quarter", "indicator__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter", "unit"], name="one_report_per_period"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="report_quarter_1_to_4"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="report_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.period_label} · {self.unit}"

    def get_absolute_url(self):
        return reverse("agreements:report", args=[self.pk])

    def get_status_display(self) -> str:
        return choice_label(ReportStatus, self.status)  # once per process and language

    @property
    def period_label(self) -> str:
        return _("Q%(q)s/%(y)s") % {"q": self.quarter, "y": self.year}

    @property
    def due_on(self) -> datetime.date:
        return due_date(self.year, self.quarter)

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


class ReportStatusChange(workflow.StatusChange):
    """A move of a progress report (see partnership.workflow)."""

    report = workflow.history_parent(ProgressReport, _("report"))
    old_status, new_status = workflow.status_pair(
        ReportStatus.choices, max_length=10, labels=(_("from"), _("to"))
    )

    class Meta(workflow.StatusChange.Meta):
        verbose_name = _("report status change")
        verbose_name_plural = _("report status changes")


class Evidence(FileRecord):
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = UploadFileField(_("file"), upload_to="agreements/evidence/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    public = models.BooleanField(
        _("public once approved"),
        default=True,
        help_text=_("Visitors may download it when the report is approved."),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["pk"]

    def get_absolute_url(self):
        return reverse("agreements:evidence", args=[self.pk])


class JointActivity(SearchText):
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    theme = models.CharField(_("theme"), max_length=24, choices=Theme.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    online = models.BooleanField(_("online"), default=False)
    place = models.CharField(_("place"), max_length=200, blank=True)
    province = provinces.province_field(_("Empty for nationwide activities."))
    organising_units = models.ManyToManyField(
        "organisations.Unit", verbose_name=_("organising units"), related_name="joint_activities"
    )
    participants = models.PositiveIntegerField(_("participants"), default=0)
    description = models.TextField(_("description"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    commitments = models.ManyToManyField(
        Commitment,
        verbose_name=_("commitments served"),
        related_name="activities",
        blank=True,
    )
    indicators = models.ManyToManyField(
        Indicator,
        verbose_name=_("indicators served"),
        related_name="activities",
        blank=True,
        help_text=_("The participant count feeds these indicators."),
    )
    search_text = models.TextField(blank=True, editable=False)
    search_fields = ("title", "place", "province", "description")

    class Meta:
        verbose_name = _("joint activity")
        verbose_name_plural = _("joint activities")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="activity_dates_order"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:activity", args=[self.slug])


class Photo(models.Model):
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    activity = models.ForeignKey(
        JointActivity,
        verbose_name=_("joint activity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = UploadImageField(_("image"), upload_to="agreements/photos/")
    caption = models.CharField(_("caption"), max_length=300)
    credit = models.CharField(_("credit"), max_length=120, help_text=_("E.g. Ảnh: Minh Châu"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(agreement__isnull=False) & Q(activity__isnull=True))
                | (Q(agreement__isnull=True) & Q(activity__isnull=False)),
                name="photo_belongs_to_one",
            )
        ]

    def __str__(self):
        return self.caption

    def get_absolute_url(self):
        return reverse("agreements:photo", args=[self.pk])


class ReportSummary(models.Model):
    """The reports of one indicator by one unit, summed: what the dashboard's roll-ups read.

    One row per (indicator, unit) that has a report, kept by `agreements.summary` whenever a
    report is saved or deleted (in the writer's transaction), rebuilt from the reports by
    `manage.py rebuild_report_summary`. The unit is the one that reported: a province merged
    into another is rolled up when the rows are read, never stored here."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    draft = models.PositiveIntegerField(default=0)
    submitted = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    # Confirmed values: their sum (flows) and the value of the latest confirmed period (stocks).
    approved_sum = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    latest_value = models.DecimalField(max_digits=14, decimal_places=2, null=True)

    class Meta:
        verbose_name = _("report summary")
        verbose_name_plural = _("report summaries")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit"], name="one_summary_per_unit")
        ]

    def __str__(self):
        return f"{self.indicator_id} · {self.unit_id}"
