"""The catalogue's search index, on its own table (search 0001 made it before)."""

from django.db import migrations

from partnership.migration_ops import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("services", "0007_one_upload_path")]
    operations = [trigram_indexes({"search_service_text_trgm": ("services_service", "search_text")})]
