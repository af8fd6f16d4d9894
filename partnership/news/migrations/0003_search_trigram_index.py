"""News declares its search index itself (it came from search 0001 before)."""

from django.db import migrations

from partnership.migration_ops import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("news", "0002_cover_checked")]
    operations = [trigram_indexes({"search_article_text_trgm": ("news_article", "search_text")})]
