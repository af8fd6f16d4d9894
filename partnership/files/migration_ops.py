"""Migration operation for apps whose kept uploads move to files.PendingUpload (imported by
migrations: keep it stable)."""

import mimetypes
from typing import Any

from django.db import migrations


def move_to_pending(
    model: str, *, purpose: str, owner: str = "owner", where: dict[str, Any] | None = None
) -> migrations.RunPython:
    """Move the rows of `model` ("app.Model") matching `where` into files.PendingUpload.

    The file stays where it is (only its name moves); the source rows are deleted, so a table
    that stays (ideas' attachments) keeps only what belongs to a record. Reversible: the rows
    of `purpose` go back with the fields the source model has.
    """
    app_label, model_name = model.split(".")
    where = where or {}

    def forwards(apps, schema_editor):
        source = apps.get_model(app_label, model_name)
        pending = apps.get_model("files", "PendingUpload")
        rows = source.objects.filter(**where)
        for row in rows.iterator():
            try:
                size = getattr(row, "size", None) or row.file.size
            except OSError:  # the file is gone already: nothing to offer again
                continue
            extra = {"token": row.token} if hasattr(row, "token") else {}
            pending.objects.create(
                owner_id=getattr(row, f"{owner}_id"),
                purpose=purpose,
                file=row.file.name,
                original_name=row.original_name,
                content_type=getattr(row, "content_type", "")
                or mimetypes.guess_type(row.file.name)[0]
                or "application/octet-stream",
                size=size,
                created_at=row.created_at,
                **extra,
            )
        rows.delete()  # the rows only: historical models remove no file

    def backwards(apps, schema_editor):
        source = apps.get_model(app_label, model_name)
        pending = apps.get_model("files", "PendingUpload")
        names = {f.name for f in source._meta.get_fields()}
        for row in pending.objects.filter(purpose=purpose).iterator():
            values = {
                f"{owner}_id": row.owner_id,
                "file": row.file.name,
                "original_name": row.original_name[
                    : source._meta.get_field("original_name").max_length
                ],
            }
            for lookup, value in where.items():  # {"idea__isnull": True} → idea=None
                if lookup.endswith("__isnull") and value:
                    values[lookup.removesuffix("__isnull")] = None
                else:
                    values[lookup] = value
            for name in ("token", "content_type", "size", "created_at"):
                if name in names:
                    values[name] = getattr(row, name)
            source.objects.create(**values)
        pending.objects.filter(purpose=purpose).delete()

    return migrations.RunPython(forwards, backwards)
