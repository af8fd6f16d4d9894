"""Writes on pending uploads: stage a checked file, hand it to its record, purge the rest.

The one path for a file sent with a form: `stage_upload` checks it by its bytes and keeps it
under a random name; the action that saves the record calls `claim_uploads` in its own
transaction and stores the claimed files' names on its rows (the file does not move); the
hourly task removes what nobody claimed within PENDING_UPLOAD_MAX_AGE.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from partnership.accounts.models import User
from partnership.uploads import DOCUMENTS, CheckedFile, clean_upload

from .fields import remove_files
from .models import PendingUpload

PURGE_BATCH = 1000


def stage_upload(
    *, file: File, by: User, purpose: str, kinds: Iterable[str] = DOCUMENTS
) -> PendingUpload:
    """Check `file` (unless `clean_upload` already did) and keep it for `by`'s form `purpose`.

    Raises ValidationError with a message for the form field when the file is refused.
    """
    checked = file if isinstance(file, CheckedFile) else clean_upload(file, kinds=tuple(kinds))
    return PendingUpload.objects.create(
        owner=by,
        purpose=purpose,
        file=checked,
        original_name=checked.original_name,
        content_type=checked.content_type or "application/octet-stream",
        size=checked.size or 0,
    )


def claim_uploads(
    *, by: User, purpose: str, ids: Iterable[int] = (), tokens: Iterable[str] = ()
) -> list[PendingUpload]:
    """The pending uploads of `by` for `purpose` among `ids`/`tokens`, locked and taken.

    Their rows are deleted and their files kept: the caller stores `upload.file.name` on the
    record that now owns each file, in the same transaction (a rollback gives them back).
    Someone else's ids or tokens are ignored.
    """
    ids, tokens = [int(i) for i in ids], [str(t) for t in tokens]
    if not ids and not tokens:
        return []
    with transaction.atomic():
        rows = PendingUpload.objects.select_for_update().filter(owner=by, purpose=purpose)
        taken = [u for u in rows.order_by("pk") if u.pk in ids or str(u.token) in tokens]
        PendingUpload.objects.filter(pk__in=[u.pk for u in taken]).delete()
    return taken


def purge_abandoned_uploads(*, older_than: datetime.timedelta | None = None) -> int:
    """Remove the pending uploads nobody claimed in time, files included. Returns how many."""
    cutoff = timezone.now() - (older_than or settings.PENDING_UPLOAD_MAX_AGE)
    purged = 0
    while True:
        with transaction.atomic():  # a row being claimed right now is skipped, not waited for
            stale = list(
                PendingUpload.objects.select_for_update(skip_locked=True)
                .filter(created_at__lt=cutoff)
                .order_by("pk")
                .values_list("pk", "file")[:PURGE_BATCH]
            )
            _discard(stale)
        purged += len(stale)
        if len(stale) < PURGE_BATCH:
            return purged


def erase_pending_uploads(*, user: User) -> None:
    """Erasure: the files a person left on unsent forms go with their account's data."""
    _discard(PendingUpload.objects.filter(owner=user).values_list("pk", "file"))


def _discard(rows: Iterable[tuple[int, str]]) -> None:
    rows = list(rows)
    PendingUpload.objects.filter(pk__in=[pk for pk, _name in rows]).delete()
    remove_files(PendingUpload._meta.get_field("file").storage, [name for _pk, name in rows])
