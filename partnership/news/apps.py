from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "partnership.news"
    label = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from django.utils.translation import pgettext_lazy

        from partnership.search.selectors import register_kind

        from . import search

        register_kind(
            "news",
            label=pgettext_lazy("site search", "News"),
            see_all_label=pgettext_lazy("site search", "All matching news"),
            rows=search.rows,
            result=search.result,
            list_url="news:list",
            order=30,
        )
