"""Columns and abstract models that several apps' models share (the core: no domain app here)."""

from django.conf import settings
from django.db import models


def account_link(verbose_name, *, related_name: str = "+") -> models.ForeignKey:
    """An optional link to a person's account, emptied (not cascaded) when the account is
    deleted: who did something (`by`, `hidden_by`...), or the account a record belongs to."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )
