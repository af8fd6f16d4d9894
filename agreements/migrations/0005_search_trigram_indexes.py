"""Commitments and joint activities: their search indexes, declared by this app (once in
search 0001, under the same names: see trigram_indexes)."""

from django.db import migrations

from partnership.migration_ops import trigram_indexes

INDEXES = {
    "search_commitment_text_trgm": ("agreements_commitment", "search_text"),
    "search_activity_text_trgm": ("agreements_jointactivity", "search_text"),
}


class Migration(migrations.Migration):
    dependencies = [("agreements", "0004_one_upload_path")]
    operations = [trigram_indexes(INDEXES)]
