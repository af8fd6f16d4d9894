"""The catalogue's search index, on its own table (search 0001 made it before)."""

from django.db import migrations

from partnership.migration_ops import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("services", "0006_request_lists_and_demand")]
    operations = [trigram_indexes({"search_service_text_trgm": ("services_service", "search_text")})]
