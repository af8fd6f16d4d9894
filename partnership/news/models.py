from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership.basemodels import SearchText
from partnership.files.fields import UploadImageField


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, published_at__lte=timezone.now())


class Article(SearchText):
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), max_length=1000)
    body = models.TextField(_("body"))
    cover_image = UploadImageField(_("cover image"), upload_to="news/", blank=True)
    cover_caption = models.CharField(_("cover caption"), max_length=300, blank=True)
    cover_credit = models.CharField(
        _("photo credit"),
        max_length=120,
        blank=True,
        help_text=_('Shown as "Photo: …", e.g. Minh Châu.'),
    )
    author_name = models.CharField(_("author"), max_length=120, blank=True)
    author_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("author unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now, db_index=True)
    is_published = models.BooleanField(_("published"), default=True)
    for_vnpt_channels = models.BooleanField(
        _("for VNPT channels"),
        default=True,
        help_text=_("Youth-work news the Union provides for VNPT's own channels (Atom feed)."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(blank=True, editable=False)
    search_fields = ("title", "summary", "body")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        ordering = ["-published_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", args=[self.slug])
