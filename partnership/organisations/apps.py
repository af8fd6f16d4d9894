from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "partnership.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from django.utils.translation import pgettext_lazy

        from partnership.search.selectors import register_kind

        from . import search

        register_kind(
            "units",
            label=pgettext_lazy("site search", "Units"),
            see_all_label=pgettext_lazy("site search", "All matching units"),
            rows=search.rows,
            result=search.result,
            list_url="organisations:list",
            order=60,
        )
