"""Kept uploads move to the one pending-upload table (partnership.files); file fields
become the core's checked ones."""

import django.db.models.deletion
import partnership.files.fields
from partnership.files.migration_ops import move_to_pending
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('files', '0001_pending_upload'),
        ('ideas', '0007_status_change_on_workflow'),
    ]

    operations = [
        move_to_pending("ideas.Attachment", purpose="ideas.attachment", owner="uploaded_by", where={"idea__isnull": True}),
        migrations.AlterField(
            model_name='attachment',
            name='file',
            field=partnership.files.fields.UploadFileField(upload_to='ideas/%Y/%m/', verbose_name='file'),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='idea',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='ideas.idea', verbose_name='idea'),
        ),
    ]
