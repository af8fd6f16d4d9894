"""Columns and abstract models that several apps' models share (the core: no domain app here)."""

from django.conf import settings
from django.db import models

from partnership.text import fold


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


class SearchText(models.Model):
    """A model whose `search_text` column (declared by the model) is the folded text of its
    `search_fields`, kept on every save (added to `update_fields` when they are given)."""

    search_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join(str(getattr(self, name)) for name in self.search_fields))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)
