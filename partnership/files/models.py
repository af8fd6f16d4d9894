"""Files checked and stored before the record they belong to exists."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FileRecord(models.Model):
    """A record of an uploaded file, which declares its `original_name` (the name it was
    uploaded under) and `content_type` columns."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class PendingUpload(FileRecord):
    """A checked file from a form that failed validation, offered again on the re-shown form.

    Written only by `actions.stage_upload`; `actions.claim_uploads` hands it to the record
    that keeps it (the row goes, the file stays); `actions.purge_abandoned_uploads` removes
    the ones nobody claimed. `purpose` says which form it belongs to (e.g. "ideas.attachment"),
    so a file kept for one form is never offered on another.
    """

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=60)
    file = models.FileField(_("file"), upload_to="uploads/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("pending upload")
        verbose_name_plural = _("pending uploads")
        ordering = ["pk"]
        indexes = [models.Index(fields=["owner", "purpose"], name="pending_upload_owner")]
