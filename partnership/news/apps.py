from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "partnership.news"
    label = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from . import search  # noqa: F401  (its kind of the site-wide search)
