from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        from partnership import home, privacy

        from . import signals  # noqa: F401
        from .home import panel_context
        from .privacy import erase_co_author_copies

        home.register_panel("ideas/home_panel.html", panel_context, order=30)
        privacy.register_eraser(erase_co_author_copies)
        from partnership.api import opendata

        from .opendata import published_idea_rows

        opendata.register("ideas", published_idea_rows)
