"""Kept uploads move to the one pending-upload table (partnership.files); file fields
become the core's checked ones."""

import partnership.files.fields
from partnership.files.migration_ops import move_to_pending
import services.models
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('files', '0001_pending_upload'),
        ('services', '0006_request_lists_and_demand'),
    ]

    operations = [
        move_to_pending("services.PendingUpload", purpose="services.message"),
        migrations.AlterField(
            model_name='message',
            name='attachment',
            field=partnership.files.fields.UploadFileField(blank=True, upload_to='services/messages/', verbose_name='attachment'),
        ),
        migrations.AlterField(
            model_name='service',
            name='image',
            field=partnership.files.fields.UploadImageField(blank=True, upload_to=services.models.service_image_path, verbose_name='image'),
        ),
        migrations.DeleteModel(
            name='PendingUpload',
        ),
    ]
