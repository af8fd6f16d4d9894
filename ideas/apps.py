from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        from partnership import home, pagecache, privacy

        from . import claims, scale, versions
        from .home import panel_context
        from .privacy import erase_co_author_copies, erase_paper_author_copies

        home.register_panel("ideas/home_panel.html", panel_context, order=30, shared=True)
        privacy.register_eraser(erase_co_author_copies)
        privacy.register_eraser(erase_paper_author_copies)
        claims.connect()
        pagecache.register_namespace("ideas", apps=("ideas",))
        # The public idea pages and cards are keyed on the versions of the ideas they show
        # (cachekeys, versions.py), not on the "ideas" generation. What else they print:
        # campaigns, fields and criteria ("idea_setup", rare admin writes, which still feed
        # "ideas" for the officers' pages), units and people.
        pagecache.register_namespace(
            "idea_setup",
            models=("ideas.campaign", "ideas.field", "ideas.criterion"),
            keep_app=True,
        )
        # The frequent writes (supports, follows, comments and their reports) bump no
        # generation: a support or a comment raises its idea's version, which changes the keys
        # of the card and pages that show that idea and nothing else. No officer's page shows
        # them (moderators see reports on the idea page, which is never cached for them).
        pagecache.versioned_models(
            "ideas.support", "ideas.follow", "ideas.comment", "ideas.commentreport"
        )
        versions.connect()
        from . import search  # noqa: F401  (its kind of the site-wide search)

        scale.register()
        from partnership.api import opendata

        from .opendata import published_idea_rows

        opendata.register("ideas", published_idea_rows)
