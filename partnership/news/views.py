from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from partnership.text import fold

from .models import Article


def article_list(request):
    articles = Article.objects.published().select_related("author_unit")
    q = request.GET.get("q", "").strip()[:200]
    if q:
        articles = articles.filter(search_text__contains=fold(q))
    page = Paginator(articles, 10).get_page(request.GET.get("page"))
    return render(request, "news/article_list.html", {"page_obj": page, "q": q})


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.published().select_related("author_unit"), slug=slug
    )
    return render(request, "news/article_detail.html", {"article": article})


def article_cover(request, slug):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if not article.cover_image:
        raise Http404
    response = FileResponse(article.cover_image.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response


class ArticleFeed(Feed):
    """Atom feed of youth-work news, the way VNPT's own channels take the Union's news."""

    feed_type = Atom1Feed
    title = _("Đoàn – VNPT partnership: youth-work news")
    link = "/news/"
    subtitle = _("News the Ho Chi Minh Communist Youth Union provides for VNPT's channels.")

    def items(self):
        return Article.objects.published().filter(for_vnpt_channels=True)[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author_name or (item.author_unit.name if item.author_unit_id else None)
