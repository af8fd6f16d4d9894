"""The idea bank ("Tuổi trẻ sáng tạo"): campaigns, ideas, their pipeline, reviews and support."""

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership import workflow
from partnership.accounts import roles
from partnership.basemodels import account_link
from partnership.cachekeys import Versioned
from partnership.files.fields import UploadFileField
from partnership.files.models import FileRecord
from partnership.labels import choice_label
from partnership.notifications import categories
from partnership.text import fold, words

SCORE_MIN, SCORE_MAX = 1, 10
MAX_CO_AUTHORS = 5

# Its role (accounts.roles): reviewers score the ideas they are assigned; an officer may grant
# it to people of the units below their own.
REVIEWER = roles.register("reviewer", _("Reviewer"), order=40, grantable_by_officers=True)

# Its kinds of notification, for each person's e-mail choices (notifications.categories).
IDEA_NOTICES = categories.register("ideas", _("Ideas"), order=30)
COMMENT_NOTICES = categories.register("comments", _("Comments"), order=40)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("Screening")
    REJECTED = "rejected", _("Rejected at screening")
    UNDER_REVIEW = "under_review", _("Under review")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    AWARDED = "awarded", _("Awarded")
    NOT_SELECTED = "not_selected", _("Not selected")
    APPLIED = "applied", _("Applied in practice")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged into another idea")


# Statuses shown in the public gallery (with the authors' consent): the idea passed screening.
PUBLISHED_STATUSES = (
    Status.UNDER_REVIEW,
    Status.SHORTLISTED,
    Status.AWARDED,
    Status.NOT_SELECTED,
    Status.APPLIED,
)
# A published idea: past screening, with the authors' consent (selectors.published_ideas()).
PUBLIC_Q = Q(consent_to_publish=True, status__in=PUBLISHED_STATUSES)
# Waiting for a moderator's or the council's decision (selectors.moderation_queue()).
WAITING_STATUSES = (Status.SUBMITTED, Status.SCREENING, Status.UNDER_REVIEW, Status.SHORTLISTED)
# The statuses of an awarded idea: awarded_at is set on the move to "awarded" (which can only
# move on to "applied") and never cleared; no other idea has one (constraint
# ideas_awarded_at_once_awarded).
AWARDED_STATUSES = (Status.AWARDED, Status.APPLIED)
# Sort keys with nulls last in a descending order, usable by an index.
NEVER_AWARDED = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
AWARDED_KEY = Coalesce("awarded_at", Value(NEVER_AWARDED, output_field=models.DateTimeField()))
RANK_KEY = Coalesce(
    "mean_score",
    Value(Decimal("-1"), output_field=models.DecimalField(max_digits=5, decimal_places=2)),
)
# Statuses that count as "a submitted idea" for the agreements' idea-bank commitment.
NOT_COUNTED_STATUSES = (Status.DRAFT, Status.WITHDRAWN, Status.MERGED)
# The author may still edit in these.
EDITABLE_STATUSES = (Status.DRAFT, Status.SUBMITTED)


class Field(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Campaign(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    rules = models.TextField(_("rules"), max_length=10000, blank=True)
    fields = models.ManyToManyField(
        Field, verbose_name=_("fields"), blank=True, related_name="campaigns"
    )
    organising_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="idea_campaigns",
    )
    submission_opens = models.DateTimeField(_("submissions open"))
    submission_closes = models.DateTimeField(_("submissions close"))
    review_starts = models.DateField(_("review starts"), null=True, blank=True)
    review_ends = models.DateField(_("review ends"), null=True, blank=True)
    public_support = models.BooleanField(
        _("the public may support ideas"),
        default=True,
    )
    awards = models.TextField(_("awards"), max_length=3000, blank=True)
    deadline_reminder_sent_at = models.DateTimeField(
        _("deadline reminder sent at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-submission_opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_closes__gt=models.F("submission_opens")),
                name="ideas_campaign_window_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:campaign", args=[self.slug])

    def is_open(self, at=None):
        from django.utils import timezone

        at = at or timezone.now()
        return self.submission_opens <= at < self.submission_closes


class Criterion(models.Model):
    """A rubric line. Criteria with no campaign form the default rubric for ideas outside one."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="criteria",
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="ideas_criterion_unique"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="ideas_criterion_weight_pos"),
        ]

    def __str__(self):
        return f"{self.name} (×{self.weight})"


class Idea(Versioned):
    """`row_version` (Versioned) changes with every write of what the idea's public views show:
    its own fields, its support count, comments, co-authors, attachments and VNPT offers
    (ideas/signals.py, actions.support_idea); cached cards and pages are keyed on it."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    problem = models.TextField(_("problem"), max_length=5000, blank=True)
    solution = models.TextField(_("proposed solution"), max_length=20000, blank=True)
    impact = models.TextField(_("expected impact"), max_length=5000, blank=True)
    field = models.ForeignKey(
        Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="ideas"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="ideas",
        null=True,
        blank=True,
    )
    # Empty while the idea belongs to a paper author without an account (PaperAuthor).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="ideas",
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    submitted_by = account_link(_("entered by (on behalf of the author)"))
    anonymous = models.BooleanField(_("publish without author names"), default=False)
    consent_to_publish = models.BooleanField(_("consent to publish"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    title_folded = models.CharField(_("folded title"), max_length=200, blank=True, editable=False)
    support_count = models.PositiveIntegerField(_("supports"), default=0, editable=False)
    vnpt_supported = models.BooleanField(_("supported by VNPT"), default=False, db_index=True)
    vnpt_supported_at = models.DateTimeField(_("VNPT support since"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_ideas",
    )
    applied_evidence = models.TextField(_("evidence of application"), max_length=5000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    awarded_at = models.DateTimeField(_("awarded at"), null=True, blank=True)
    # Kept by the review actions (actions.recount_reviews), so the moderation queue sorts
    # on an index.
    mean_score = models.DecimalField(
        _("mean review score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    reviews_done = models.PositiveSmallIntegerField(_("reviews done"), default=0, editable=False)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            # The ideas VNPT supports (an indicator counts them, per quarter on the agreement
            # dashboard): an index-only scan of the supported rows, not a scan of a million
            # ideas (122 ms).
            models.Index(
                fields=["vnpt_supported_at", "status", "id"],
                name="ideas_vnpt_supported",
                condition=Q(vnpt_supported=True),
            ),
            # One index per gallery order, on the published ideas only (a partial index: the
            # condition is the one published_ideas() filters on), and one for the moderation
            # queue's ranking. Keyset pagination walks them: page 500 costs what page 1 does.
            models.Index(
                F("submitted_at").desc(),
                F("id").desc(),
                name="ideas_public_newest",
                condition=PUBLIC_Q,
            ),
            models.Index(
                F("support_count").desc(),
                F("submitted_at").desc(),
                F("id").desc(),
                name="ideas_public_supported",
                condition=PUBLIC_Q,
            ),
            models.Index(
                AWARDED_KEY.desc(),
                F("id").desc(),
                name="ideas_public_awarded",
                condition=PUBLIC_Q,
            ),
            # A campaign's or a field's ideas, newest first: an old campaign's ideas lie behind
            # every newer idea in ideas_public_newest (at 1M, 570 000 rows walked for a page of
            # 2019), and a field in a province holds a two-hundredth of them (4 000 rows: 4 ms).
            *(
                models.Index(
                    F(column),
                    F("submitted_at").desc(),
                    F("id").desc(),
                    name=f"ideas_public_{column}_newest",
                    condition=PUBLIC_Q,
                )
                for column in ("campaign", "field")
            ),
            models.Index(
                RANK_KEY.desc(),
                (-F("id")).desc(),
                name="ideas_waiting_ranked",
                condition=Q(status__in=WAITING_STATUSES),
            ),
        ]
        constraints = [
            # The gallery's "recently awarded" walk relies on it (selectors.gallery()).
            models.CheckConstraint(
                condition=Q(awarded_at__isnull=True) | Q(status__in=AWARDED_STATUSES),
                name="ideas_awarded_at_once_awarded",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        field_name = self.field.name if self.field_id else ""
        self.title_folded = fold(self.title)[:200]
        # Words only (partnership.text.words): searches match from the start of a word
        self.search_text = words(f"{self.title} {self.summary} {field_name}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "title_folded"}
        elif not self._state.adding and not kwargs.get("force_insert"):
            # A stale copy must not write back the figures the review actions keep.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in ("mean_score", "reviews_done")
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("ideas:detail", args=[self.pk])

    def get_status_display(self) -> str:
        return choice_label(Status, self.status)  # once per process and language

    @property
    def is_published(self):
        return self.consent_to_publish and self.status in PUBLISHED_STATUSES

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    @property
    def author_name(self) -> str:
        """The author's name as the pages show it: the account's, else the paper author's."""
        label = self.__dict__.get("author_label")  # annotated by selectors.gallery()
        if label is not None:
            return label
        if self.author_id:
            return self.author.full_name
        paper = getattr(self, "paper_author", None)
        return paper.name if paper is not None else ""


class PaperAuthor(models.Model):
    """The author of an idea handed in on paper by a person without an account.

    Only the name is ever shown; the birth date, phone and e-mail serve to recognise the
    person when they sign up later (actions.claim_paper_ideas) and are blanked once they do.
    """

    idea = models.OneToOneField(
        Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="paper_author"
    )
    name = models.CharField(_("full name"), max_length=150)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Digits only, as matching compares them ("0912 345 678", "+84 912 345 678" → "0912345678").
    phone_digits = models.CharField(
        _("phone digits"), max_length=20, blank=True, editable=False, db_index=True
    )
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    claimed_by = account_link(_("claimed by"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("paper author")
        verbose_name_plural = _("paper authors")
        constraints = [
            models.CheckConstraint(
                condition=Q(claimed_at__isnull=False) | Q(birth_date__isnull=False) | ~Q(phone=""),
                name="ideas_paper_author_reachable",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Matching compares lower-case addresses by equality, on an index.
        self.email = (self.email or "").strip().lower()
        self.phone_digits = phone_digits(self.phone)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "phone_digits", "email"}
        super().save(*args, **kwargs)


def phone_digits(phone: str) -> str:
    """A phone number as matching compares it: digits only, +84 read as a leading 0."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if (phone or "").strip().startswith("+84") and digits.startswith("84"):
        digits = "0" + digits[2:]
    return digits[:20]


class CoAuthor(models.Model):
    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="co_authors"
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    user = account_link(_("account"), related_name="co_authored_ideas")
    token = models.CharField(_("confirmation token"), max_length=64, unique=True, editable=False)
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("co-author")
        verbose_name_plural = _("co-authors")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "email"], name="ideas_coauthor_unique"),
        ]

    def __str__(self):
        return self.name or self.email

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("ideas:confirm_co_author", args=[self.token])


class Attachment(FileRecord):
    """A file of an idea (before the idea is saved, it waits in partnership.files)."""

    idea = models.ForeignKey(
        Idea,
        verbose_name=_("idea"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    file = UploadFileField(_("file"), upload_to="ideas/%Y/%m/")
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def get_absolute_url(self):
        return reverse("ideas:attachment", args=[self.pk])


class IdeaStatusChange(workflow.StatusChange):
    """A move of an idea (see partnership.workflow); `comment` is the reason given."""

    idea = workflow.history_parent(Idea, _("idea"))
    old_status, new_status = workflow.status_pair(Status.choices)

    class Meta(workflow.StatusChange.Meta):
        pass

    def __str__(self):
        return f"{self.idea_id}: {self.old_status} → {self.new_status}"


class ReviewAssignment(models.Model):
    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="idea_reviews",
    )
    assigned_by = account_link(_("assigned by"))
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    comment = models.TextField(_("overall comment"), max_length=5000, blank=True)
    weighted_score = models.DecimalField(
        _("weighted score"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "reviewer"], name="ideas_review_unique"),
        ]

    def __str__(self):
        return f"{self.idea} – {self.reviewer}"

    def get_absolute_url(self):
        return reverse("ideas:review", args=[self.pk])


class Score(models.Model):
    review = models.ForeignKey(
        ReviewAssignment, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="ideas_score_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=SCORE_MIN) & Q(value__lte=SCORE_MAX),
                name="ideas_score_in_scale",
            ),
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.value}"


class IdeaMark(models.Model):
    """A member's mark on an idea, once per member: a support or a follow."""

    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="%(class)ss"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="idea_%(class)ss",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="%(app_label)s_%(class)s_once"),
        ]

    def __str__(self):
        return f"{self.user} → {self.idea}"


class Support(IdeaMark):
    class Meta(IdeaMark.Meta):
        verbose_name = _("support")
        verbose_name_plural = _("supports")


class Follow(IdeaMark):
    class Meta(IdeaMark.Meta):
        verbose_name = _("follow")
        verbose_name_plural = _("follows")


class Comment(models.Model):
    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="idea_comments",
    )
    body = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = account_link(_("hidden by"))
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="ideas_comment_hidden_has_reason",
            ),
        ]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return f"{self.idea.get_absolute_url()}#comment-{self.pk}"


class CommentReport(models.Model):
    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "by"], name="ideas_report_once"),
        ]

    def __str__(self):
        return self.reason[:60]


class SupportKind(models.TextChoices):
    MENTORING = "mentoring", _("Mentoring")
    TECHNOLOGY = "technology", _("Technology")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    PILOT = "pilot", _("Pilot in a province")


class VnptOffer(models.Model):
    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="vnpt_offers"
    )
    kind = models.CharField(_("kind of support"), max_length=20, choices=SupportKind.choices)
    note = models.TextField(_("note"), max_length=1000)
    province = models.CharField(_("province (for a pilot)"), max_length=60, blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("offered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("VNPT unit"),
        on_delete=models.PROTECT,
        related_name="idea_offers",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("offered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("VNPT support offer")
        verbose_name_plural = _("VNPT support offers")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "offered_by", "kind"], name="ideas_offer_once_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.idea}"


class VersionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class IdeaVersion(models.Model):
    """One version of a published idea's text (actions.amend_idea). Version 1 is the text as
    it was before the first amendment; an approved version gets the next number and its text
    becomes the idea's. After the shortlist an amendment waits (pending, no number yet) for
    an officer's approval; until then the idea keeps showing the previous text."""

    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"), null=True, blank=True)
    fields = models.JSONField(_("text of this version"), default=dict)
    author = account_link(_("amended by"))
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VersionStatus.choices,
        default=VersionStatus.APPROVED,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # When this text became the idea's (null while pending or once rejected).
    approved_at = models.DateTimeField(_("in force since"), null=True, blank=True)

    class Meta:
        verbose_name = _("idea version")
        verbose_name_plural = _("idea versions")
        ordering = ["idea", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "number"], name="ideas_version_number_once"),
            models.UniqueConstraint(
                fields=["idea"],
                condition=Q(status="pending"),
                name="ideas_version_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.idea_id} v{self.number or '?'}"

    def get_absolute_url(self):
        return reverse("ideas:versions", args=[self.idea_id]) + f"#version-{self.pk}"


class IdeaVersionStatusChange(workflow.StatusChange):
    """An officer's approval or rejection of an amendment; `comment` is the reason."""

    version = workflow.history_parent(IdeaVersion, _("idea version"))
    old_status, new_status = workflow.status_pair(VersionStatus.choices)

    class Meta(workflow.StatusChange.Meta):
        verbose_name = _("amendment decision")
        verbose_name_plural = _("amendment decisions")
