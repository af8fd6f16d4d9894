"""Kept evidence files move to the one pending-upload table (partnership.files)."""

from django.db import migrations

PURPOSE = "agreements.evidence"


def forwards(apps, schema_editor):
    Old = apps.get_model("agreements", "PendingUpload")
    New = apps.get_model("files", "PendingUpload")
    New.objects.bulk_create(
        New(
            owner_id=row.owner_id,
            purpose=PURPOSE,
            file=row.file.name,
            original_name=row.original_name,
            content_type=row.content_type,
            size=row.size,
            created_at=row.created_at,
        )
        for row in Old.objects.iterator()
    )


def backwards(apps, schema_editor):
    Old = apps.get_model("agreements", "PendingUpload")
    New = apps.get_model("files", "PendingUpload")
    for row in New.objects.filter(purpose=PURPOSE).iterator():
        Old.objects.create(
            owner_id=row.owner_id,
            file=row.file.name,
            original_name=row.original_name,
            content_type=row.content_type,
            size=row.size,
            created_at=row.created_at,
        )
    New.objects.filter(purpose=PURPOSE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_labels"),
        ("files", "0001_pending_upload"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
