from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from partnership import home, pagecache

        from .panels import home_panel

        home.register_panel("agreements/home_panel.html", home_panel, order=10, shared=True)
        pagecache.register_namespace("agreements", apps=("agreements",))
        from partnership.api import calendars, opendata

        from . import search  # noqa: F401  (its kinds of the site-wide search)
        from .api import report_deadlines
        from .opendata import indicator_figures

        calendars.register_deadlines(report_deadlines)
        opendata.register("indicators", indicator_figures)
