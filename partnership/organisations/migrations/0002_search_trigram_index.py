"""The units' trigram index for the site search, moved here from search 0001."""

from django.db import migrations

from partnership.migration_ops import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [trigram_indexes({"search_unit_text_trgm": ("organisations_unit", "search_text")})]
