from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from partnership import home

        from .panels import home_panel

        home.register_panel("agreements/home_panel.html", home_panel, order=10)
        from partnership.api import calendars, opendata

        from .api import report_deadlines
        from .opendata import indicator_figures

        calendars.register_deadlines(report_deadlines)
        opendata.register("indicators", indicator_figures)
