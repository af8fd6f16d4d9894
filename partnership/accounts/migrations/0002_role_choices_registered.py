"""A role grant reads its choices from the registry (a callable): apps register roles of their
own (the idea bank's reviewer), and a new role needs no migration. No change to the database."""

from django.db import migrations, models

import partnership.accounts.roles


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rolegrant",
            name="role",
            field=models.CharField(
                choices=partnership.accounts.roles.choices, max_length=30, verbose_name="role"
            ),
        ),
    ]
