"""News in the site-wide search (imported by NewsConfig.ready())."""

from django.db.models import QuerySet
from django.utils.translation import pgettext_lazy

from partnership.search.selectors import Kind, Result, joined, short_date

from .models import Article


class News(Kind, key="news", list_url="news:list", order=30):
    label = pgettext_lazy("site search", "News")
    see_all_label = pgettext_lazy("site search", "All matching news")

    def searched(self) -> QuerySet[Article]:
        return (
            Article.objects.published()
            .select_related("author_unit")
            .only("title", "slug", "summary", "published_at", "author_name", "author_unit__name")
            .order_by("-published_at", "-pk")
        )

    def result(self, article: Article) -> Result:
        unit = article.author_unit.name if article.author_unit_id else ""
        return Result(
            article.title,
            article.get_absolute_url(),
            joined(short_date(article.published_at), article.author_name or unit),
            article.summary,
        )
