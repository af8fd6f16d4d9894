import hashlib

from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_safe

from partnership.paging import number_page
from partnership.sites import absolute
from partnership.text import fold

from .models import Article


def article_list(request):
    articles = Article.objects.published().select_related("author_unit")
    q = request.GET.get("q", "").strip()[:200]
    if q:
        articles = articles.filter(search_text__contains=fold(q))
    page = number_page(articles, request.GET, size=10)
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


FEED_SIZE = 30


def _feed_items():
    return Article.objects.published().filter(for_vnpt_channels=True)


class ArticleFeed(Feed):
    """Atom feed of youth-work news, the way VNPT's own channels take the Union's news."""

    feed_type = Atom1Feed
    title = _("Đoàn – VNPT partnership: youth-work news")
    subtitle = _("News the Ho Chi Minh Communist Youth Union provides for VNPT's channels.")

    # Links and ids are absolute on SITE_URL, whatever host the request came in on.
    def link(self):
        return absolute(reverse("news:list"))

    def feed_url(self):
        return absolute(reverse("news:feed"))

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def items(self):
        return _feed_items()[:FEED_SIZE]

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


def _feed_stamps(request):
    """(id, published, updated) of the feed's entries: one small query, kept for the request."""
    if not hasattr(request, "_feed_stamps"):
        request._feed_stamps = list(
            _feed_items().values_list("pk", "published_at", "updated_at")[:FEED_SIZE]
        )
    return request._feed_stamps


def _feed_etag(request, *args, **kwargs):
    # The entries and their versions, plus the language of the feed's own title.
    data = repr((translation.get_language(), _feed_stamps(request))).encode()
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def _feed_last_modified(request, *args, **kwargs):
    return max((max(p, u) for _pk, p, u in _feed_stamps(request)), default=None)


# A feed reader asking "changed since?" is answered with 304 after one small query, before
# the feed is built (and, for anonymous readers, usually straight from partnership.pagecache).
feed = require_safe(
    condition(etag_func=_feed_etag, last_modified_func=_feed_last_modified)(ArticleFeed())
)
