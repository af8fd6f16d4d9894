from django.contrib import admin

from .models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "author_unit", "published_at", "is_published", "for_vnpt_channels"]
    list_filter = ["is_published", "for_vnpt_channels", "published_at"]
    search_fields = ["title", "summary", "search_text"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["author_unit"]
