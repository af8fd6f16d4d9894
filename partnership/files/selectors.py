"""Reads on pending uploads."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from partnership.accounts.models import User

from .models import PendingUpload


def pending_uploads(*, owner: User | AnonymousUser | None, purpose: str) -> QuerySet[PendingUpload]:
    """The files `owner` uploaded for the form `purpose` and has not used yet."""
    if owner is None or not owner.is_authenticated:
        return PendingUpload.objects.none()
    return PendingUpload.objects.filter(owner=owner, purpose=purpose)
