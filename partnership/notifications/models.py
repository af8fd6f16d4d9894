"""Notifications (what happened, for whom), their deliveries and each person's preferences.

A notification and its e-mail delivery are written in the transaction of the change that
caused them (a transactional outbox): if the change commits, the delivery exists and the
sweeper will get it out even when the broker was down at the time.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import categories


def object_type_field() -> models.ForeignKey:
    """The optional content type of the object a notification or announcement is about (with
    an `object_id` and a GenericForeignKey `target` beside it)."""
    return models.ForeignKey(
        ContentType,
        verbose_name=_("object type"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.CharField(_("event"), max_length=80)
    category = models.CharField(
        _("category"), max_length=categories.CODE_LENGTH, choices=categories.choices
    )
    content_type = object_type_field()
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    url = models.CharField(_("link"), max_length=500, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The recipient asked for this category once a day: the digest task collects it.
    wants_digest = models.BooleanField(_("in the daily digest"), default=False)
    digest = models.ForeignKey(
        "Delivery",
        verbose_name=_("digest delivery"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="digest_items",
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"]),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(wants_digest=True, digest__isnull=True),
                name="notification_digest_due",
            ),
        ]

    def __str__(self):
        return f"{self.event} → {self.recipient}"

    @property
    def subject(self) -> str:
        """The subject in the active language (admin, inbox)."""
        from .rendering import render_subject

        return render_subject(self)


class WebhookEndpoint(models.Model):
    """An HTTPS address of a unit's own system that receives its events as signed JSON."""

    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    url = models.URLField(_("address (HTTPS)"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # The key both sides sign with: it must be readable here to sign, so it is stored as is;
    # the admin shows it once, when the endpoint is created.
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    events = models.JSONField(
        _("events"), default=list, blank=True, help_text=_("None selected: every event.")
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["unit", "url"]

    def __str__(self):
        return f"{self.unit} → {self.url}"

    def wants(self, event: str) -> bool:
        return self.active and (not self.events or event in self.events)


class Delivery(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WEBHOOK = "webhook", _("Webhook")

    class Kind(models.TextChoices):
        SINGLE = "single", _("One notification")
        DIGEST = "digest", _("Daily digest")
        MESSAGE = "message", _("Prepared e-mail")
        EVENT = "event", _("Webhook event")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")
        HELD = "held", _("Held after a restore")

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_deliveries",
    )
    # A prepared e-mail to an address without an account (an invitation); else the account's.
    address = models.EmailField(_("address"), blank=True)
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("webhook endpoint"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # A prepared e-mail: subject, text, html; a webhook event: the JSON sent.
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=120, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="delivery_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(kind="single") | Q(notification__isnull=False),
                name="delivery_single_has_notification",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(address="") | Q(endpoint__isnull=False),
                name="delivery_has_destination",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def destination(self) -> str:
        if self.endpoint_id:
            return self.endpoint.url
        if self.recipient_id:
            return self.recipient.email
        return self.address


class AddressOptOut(models.Model):
    """An address without an account that asked for no more mail from the portal (the link
    in an invitation). Prepared mails marked `opt_out` are skipped for it."""

    email = models.EmailField(_("address"), unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("address that opted out")
        verbose_name_plural = _("addresses that opted out")

    def __str__(self):
        return self.email


class OutboxEpoch(models.Model):
    """One row: which physical database the outbox last ran on.

    A restored backup (a new database, or another server) has a different identity than the
    one recorded in its copy of this row: the outbox then holds the deliveries it found
    pending, which were in the dump and may have gone out already (outbox.check_restored)."""

    identity = models.CharField(_("database identity"), max_length=200)
    checked_at = models.DateTimeField(_("checked at"), auto_now=True)
    held = models.PositiveIntegerField(_("deliveries held at the last restore"), default=0)
    restored_at = models.DateTimeField(_("restore detected at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox epoch")
        verbose_name_plural = _("outbox epoch")

    def __str__(self):
        return self.identity


class Preference(models.Model):
    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately")
        DIGEST = "digest", _("Once a day (daily digest)")
        OFF = "off", _("Off")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    category = models.CharField(
        _("category"), max_length=categories.CODE_LENGTH, choices=categories.choices
    )
    mode = models.CharField(_("e-mail"), max_length=10, choices=Mode.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="preference_once"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_category_display()}: {self.get_mode_display()}"


class Announcement(models.Model):
    """One message to many people (a campaign opening, news for a whole unit).

    `announce()` fans it out in chunks of recipients, each chunk in its own transaction with
    its notifications and deliveries; `cursor` is the last recipient id done, so a fan-out
    that was interrupted resumes where it stopped and one that finished is never repeated
    (the key is unique). With a `unit`, the fan-out runs in a task and the sweeper restarts
    one that stopped making progress."""

    key = models.CharField(_("key"), max_length=120, unique=True)
    event = models.CharField(_("event"), max_length=80)
    category = models.CharField(
        _("category"), max_length=categories.CODE_LENGTH, choices=categories.choices
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    content_type = object_type_field()
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("announced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set for "everyone in this unit and the units below": the row alone then says who, so a
    # task can run (and the sweeper restart) the fan-out. Unset: the caller's queryset.
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("to everyone in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cursor = models.PositiveBigIntegerField(_("last recipient done"), default=0)
    recipients = models.PositiveIntegerField(_("notifications"), default=0)
    emails = models.PositiveIntegerField(_("e-mails queued"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    progressed_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title
