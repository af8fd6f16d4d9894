"""The category columns read their choices from the registry (a callable): apps register their
own kinds of notification, and a new kind needs no migration. No change to the database."""

from django.db import migrations, models

import partnership.notifications.categories


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_squashed"),
    ]

    operations = [
        migrations.AlterField(
            model_name=model,
            name="category",
            field=models.CharField(
                choices=partnership.notifications.categories.choices,
                max_length=30,
                verbose_name="category",
            ),
        )
        for model in ("announcement", "notification", "preference")
    ]
