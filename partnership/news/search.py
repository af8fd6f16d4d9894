"""News in the site-wide search (registered in NewsConfig.ready())."""

from django.db.models import QuerySet

from partnership.search.selectors import Result, joined, short_date

from .models import Article


def rows(folded: str) -> QuerySet[Article]:
    return (
        Article.objects.published()
        .filter(search_text__contains=folded)
        .select_related("author_unit")
        .only("title", "slug", "summary", "published_at", "author_name", "author_unit__name")
        .order_by("-published_at", "-pk")
    )


def result(article: Article) -> Result:
    unit = article.author_unit.name if article.author_unit_id else ""
    return Result(
        article.title,
        article.get_absolute_url(),
        joined(short_date(article.published_at), article.author_name or unit),
        article.summary,
    )
