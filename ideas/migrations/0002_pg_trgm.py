"""pg_trgm for the similar-ideas lookup; a no-op on SQLite (TrigramExtension checks the vendor)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]

    operations = [TrigramExtension()]
