"""Kept message files move to the one pending-upload table (partnership.files)."""

import mimetypes

from django.db import migrations

PURPOSE = "services.message"


def forwards(apps, schema_editor):
    Old = apps.get_model("services", "PendingUpload")
    New = apps.get_model("files", "PendingUpload")
    for row in Old.objects.iterator():
        try:
            size = row.file.size
        except OSError:  # the file is gone already: nothing to offer again
            continue
        New.objects.create(
            token=row.token,
            owner_id=row.owner_id,
            purpose=PURPOSE,
            file=row.file.name,
            original_name=row.original_name,
            content_type=mimetypes.guess_type(row.file.name)[0] or "application/octet-stream",
            size=size,
            created_at=row.created_at,
        )


def backwards(apps, schema_editor):
    Old = apps.get_model("services", "PendingUpload")
    New = apps.get_model("files", "PendingUpload")
    for row in New.objects.filter(purpose=PURPOSE).iterator():
        Old.objects.create(
            token=row.token,
            owner_id=row.owner_id,
            file=row.file.name,
            original_name=row.original_name[:200],
            created_at=row.created_at,
        )
    New.objects.filter(purpose=PURPOSE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0006_request_lists_and_demand"),
        ("files", "0001_pending_upload"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
