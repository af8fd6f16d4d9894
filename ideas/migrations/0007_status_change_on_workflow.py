# The idea status changes become partnership.workflow.StatusChange rows: `reason` is
# renamed `comment` like the other apps' history (rows kept, see tests/core/test_workflow.py).

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ideas', '0006_search_filter_tokens'),
    ]

    operations = [
        # The history is kept: the column is renamed, not dropped and added.
        migrations.RenameField(
            model_name='ideastatuschange',
            old_name='reason',
            new_name='comment',
        ),
        migrations.AlterField(
            model_name='ideastatuschange',
            name='comment',
            field=models.TextField(blank=True, verbose_name='comment'),
        ),
        migrations.AlterField(
            model_name='ideastatuschange',
            name='at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='at'),
        ),
        migrations.AlterField(
            model_name='ideastatuschange',
            name='old_status',
            field=models.CharField(blank=True, choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('screening', 'Screening'), ('rejected', 'Rejected at screening'), ('under_review', 'Under review'), ('shortlisted', 'Shortlisted'), ('awarded', 'Awarded'), ('not_selected', 'Not selected'), ('applied', 'Applied in practice'), ('withdrawn', 'Withdrawn'), ('merged', 'Merged into another idea')], max_length=20, verbose_name='old status'),
        ),
    ]
