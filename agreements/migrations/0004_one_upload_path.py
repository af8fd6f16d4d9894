"""Kept uploads move to the one pending-upload table (partnership.files); file fields
become the core's checked ones."""

import partnership.files.fields
from partnership.files.migration_ops import move_to_pending
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('files', '0001_pending_upload'),
        ('agreements', '0003_status_change_on_workflow'),
    ]

    operations = [
        move_to_pending("agreements.PendingUpload", purpose="agreements.evidence"),
        migrations.AlterField(
            model_name='agreementdocument',
            name='file',
            field=partnership.files.fields.UploadFileField(kinds=('pdf', 'office'), upload_to='agreements/documents/', verbose_name='file'),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='file',
            field=partnership.files.fields.UploadFileField(upload_to='agreements/evidence/', verbose_name='file'),
        ),
        migrations.AlterField(
            model_name='photo',
            name='image',
            field=partnership.files.fields.UploadImageField(upload_to='agreements/photos/', verbose_name='image'),
        ),
        migrations.DeleteModel(
            name='PendingUpload',
        ),
    ]
