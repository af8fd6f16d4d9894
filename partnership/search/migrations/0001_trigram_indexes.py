"""Once the trigram GIN indexes of the site-wide search; now a no-op.

Each app declares the index on its own table (services 0007, news 0002, organisations 0002,
agreements 0003), so the core names no domain table. Databases that ran this migration before
keep their indexes: those migrations create them IF NOT EXISTS, under the same names.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies: list[tuple[str, str]] = []

    operations: list[migrations.operations.base.Operation] = []
