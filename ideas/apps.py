from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from partnership import home, pagecache, privacy
        from partnership.search.selectors import register_kind

        from . import claims, scale, search
        from .home import panel_context
        from .privacy import erase_co_author_copies, erase_paper_author_copies

        home.register_panel("ideas/home_panel.html", panel_context, order=30)
        privacy.register_eraser(erase_co_author_copies)
        privacy.register_eraser(erase_paper_author_copies)
        claims.connect()
        pagecache.register_namespace("ideas", apps=("ideas",))
        # Supports and follows, the most frequent writes of the idea bank: only the pages that
        # show support counts (the idea pages, the home page) list this namespace, so a support
        # leaves officers' moderation lists, unit dashboards and inboxes cached.
        pagecache.register_namespace(
            "supports", models=("ideas.support", "ideas.follow"), subject=False
        )
        register_kind(
            "ideas",
            label=pgettext_lazy("site search", "Ideas"),
            see_all_label=pgettext_lazy("site search", "All matching ideas"),
            rows=search.rows,
            result=search.result,
            list_url="ideas:index",
            order=10,
        )
        scale.register()
        from partnership.api import opendata

        from .opendata import published_idea_rows

        opendata.register("ideas", published_idea_rows)
