"""API keys of VNPT units and the private calendar tokens of users.

A key is shown once, when an administrator creates it; only its SHA-256 is kept (a key is 32
random bytes, so a fast hash is enough: there is nothing to guess). The prefix, stored in the
clear, finds the row and names the key in logs and in the admin.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_TAG = "vnpt"


class Scope(models.TextChoices):
    READ = "read", _("Read")
    ACT = "act", _("Read and act")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def live(self) -> "ApiKeyQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    name = models.CharField(_("name"), max_length=120, help_text=_("E.g. CRM of VNPT Nghệ An"))
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("VNPT unit"),
        on_delete=models.CASCADE,
        related_name="api_keys",
        limit_choices_to={"party": "vnpt"},
    )
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as"),
        on_delete=models.CASCADE,
        related_name="api_keys",
        help_text=_(
            "A liaison of the unit: the request history shows the moves made with this key "
            "as theirs."
        ),
    )
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    hashed = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def clean(self) -> None:
        user = getattr(self, "acting_user", None)
        unit = getattr(self, "unit", None)
        if user is None or unit is None:
            return
        if unit.party != "vnpt":
            raise ValidationError({"unit": _("API keys are for VNPT units.")})
        if user.unit_id != unit.pk or not user.is_liaison:
            raise ValidationError({"acting_user": _("Choose a VNPT liaison of this unit.")})

    def issue(self) -> str:
        """Give the key a new secret and return it (the only time it is readable)."""
        self.prefix = secrets.token_hex(4)
        secret = f"{KEY_TAG}_{self.prefix}_{secrets.token_urlsafe(32)}"
        self.hashed = digest(secret)
        return secret

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.hashed, digest(secret))

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None

    @property
    def may_act(self) -> bool:
        return self.scope == Scope.ACT


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a user's private calendar address; a new one makes the old address dead."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return f"{self.user} ({self.token[:4]}…)"
