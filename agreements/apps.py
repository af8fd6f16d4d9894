from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from partnership import home, pagecache
        from partnership.search.selectors import register_kind

        from . import search, summary
        from .panels import home_panel

        summary.connect()
        home.register_panel("agreements/home_panel.html", home_panel, order=10)
        pagecache.register_namespace("agreements", apps=("agreements",))
        register_kind(
            "commitments",
            label=pgettext_lazy("site search", "Agreement commitments"),
            see_all_label=pgettext_lazy("site search", "All matching commitments"),
            rows=search.commitments,
            result=search.commitment_result,
            list_url="agreements:commitments",
            order=40,
        )
        register_kind(
            "activities",
            label=pgettext_lazy("site search", "Joint activities"),
            see_all_label=pgettext_lazy("site search", "All matching activities"),
            rows=search.activities,
            result=search.activity_result,
            list_url="agreements:activities",
            order=50,
        )
        from partnership.api import calendars, opendata

        from .api import report_deadlines
        from .opendata import indicator_figures

        calendars.register_deadlines(report_deadlines)
        opendata.register("indicators", indicator_figures)
