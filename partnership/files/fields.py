"""Model and form fields for stored files: one set of checks, and no file left behind.

`UploadFileField` / `UploadImageField` are what every model uses for a file. Their form field
(what ModelForms and the admin get) runs `partnership.uploads.clean_upload`: type by bytes,
re-encoding of images, pixel and size limits. And the stored file is removed once its row is
deleted or the file replaced (cleared or a new one uploaded), after the transaction commits,
and only when no other row of the model still names it.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from partnership.uploads import DOCUMENTS, IMAGE, CheckedFile, clean_upload

log = logging.getLogger(__name__)


class CheckedFileFormField(forms.FileField):
    """A file form field whose new uploads go through `clean_upload(kinds=...)`."""

    def __init__(self, *, kinds: Iterable[str] = DOCUMENTS, **kwargs: Any) -> None:
        self.kinds = tuple(kinds)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile) and not isinstance(value, CheckedFile):
            return clean_upload(value, kinds=self.kinds)
        return value


def remove_files(storage: Storage, names: Iterable[str], *, using: str | None = None) -> None:
    """Delete stored files once the current transaction commits (at once outside one)."""
    names = [n for n in names if n]

    def remove() -> None:
        for name in names:
            try:
                storage.delete(name)
            except OSError:  # a file already gone, or storage down: nothing to undo
                log.warning("could not remove stored file %s", name, exc_info=True)

    if names:
        transaction.on_commit(remove, using=using)


class UploadFileField(models.FileField):
    """A stored document (PDF, Office, image), checked by bytes in every form; the file goes
    when its row goes or when it is replaced."""

    default_kinds: tuple[str, ...] = DOCUMENTS

    def __init__(self, *args: Any, kinds: Iterable[str] | None = None, **kwargs: Any) -> None:
        self.kinds = tuple(kinds) if kinds is not None else self.default_kinds
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple:
        name, path, args, kwargs = super().deconstruct()
        if self.kinds != self.default_kinds:
            kwargs["kinds"] = self.kinds
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> forms.Field | None:
        return super().formfield(
            **{"form_class": CheckedFileFormField, "kinds": self.kinds, **kwargs}
        )

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False, **kwargs: Any
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only, **kwargs)
        # Historical models (migrations) never remove files: a data migration moves names.
        if cls._meta.abstract or cls.__module__ == "__fake__":
            return
        uid = f"{cls._meta.label}.{name}.stale-files"
        pre_save.connect(self._note_replaced, sender=cls, weak=False, dispatch_uid=uid)
        post_save.connect(self._remove_replaced, sender=cls, weak=False, dispatch_uid=uid)
        post_delete.connect(self._remove_deleted, sender=cls, weak=False, dispatch_uid=uid)

    def _note_replaced(
        self,
        sender: type[models.Model],
        instance: models.Model,
        raw: bool = False,
        using: str | None = None,
        update_fields: frozenset[str] | None = None,
        **kw: Any,
    ) -> None:
        """Before an update that may change the file, note the stored name (one query)."""
        instance.__dict__.pop(self._memo, None)
        if raw or instance._state.adding or instance.pk is None:
            return
        if update_fields is not None and self.name not in update_fields:
            return
        old = (
            sender._base_manager.using(using)
            .filter(pk=instance.pk)
            .values_list(self.attname, flat=True)
            .first()
        )
        if old:
            instance.__dict__[self._memo] = old

    def _remove_replaced(
        self, sender: type[models.Model], instance: models.Model, **kw: Any
    ) -> None:
        """After the update: the noted file goes if the row now names another (or none)."""
        old = instance.__dict__.pop(self._memo, None)
        if old and old != (getattr(instance, self.attname).name or ""):
            self._remove_unused(sender, old, kw.get("using"))

    def _remove_deleted(
        self, sender: type[models.Model], instance: models.Model, **kw: Any
    ) -> None:
        self._remove_unused(sender, getattr(instance, self.attname).name, kw.get("using"))

    def _remove_unused(self, model: type[models.Model], name: str, using: str | None) -> None:
        if name and not model._base_manager.using(using).filter(**{self.attname: name}).exists():
            remove_files(self.storage, [name], using=using)

    @property
    def _memo(self) -> str:
        return f"_stored_{self.attname}"


class UploadImageField(UploadFileField, models.ImageField):
    """A stored image, checked by bytes, re-encoded and limited in pixels in every form."""

    default_kinds = (IMAGE,)
