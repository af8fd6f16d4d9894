"""Attachments without an idea (files kept for a re-shown form) move to the one
pending-upload table (partnership.files); the file stays where it is."""

from django.db import migrations

PURPOSE = "ideas.attachment"


def forwards(apps, schema_editor):
    Attachment = apps.get_model("ideas", "Attachment")
    New = apps.get_model("files", "PendingUpload")
    pending = Attachment.objects.filter(idea__isnull=True)
    New.objects.bulk_create(
        New(
            owner_id=row.uploaded_by_id,
            purpose=PURPOSE,
            file=row.file.name,
            original_name=row.original_name,
            content_type=row.content_type,
            size=row.size,
            created_at=row.created_at,
        )
        for row in pending.iterator()
    )
    pending.delete()  # the rows only: historical models remove no file


def backwards(apps, schema_editor):
    Attachment = apps.get_model("ideas", "Attachment")
    New = apps.get_model("files", "PendingUpload")
    for row in New.objects.filter(purpose=PURPOSE).iterator():
        Attachment.objects.create(
            idea=None,
            uploaded_by_id=row.owner_id,
            file=row.file.name,
            original_name=row.original_name,
            content_type=row.content_type,
            size=row.size,
        )
    New.objects.filter(purpose=PURPOSE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0006_search_filter_tokens"),
        ("files", "0001_pending_upload"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
