from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        from partnership import home, privacy

        from .home import panel_context
        from .privacy import erase_request_contacts

        home.register_panel("services/home_panel.html", panel_context, order=20)
        from partnership.api import calendars

        from .api import request_deadlines

        calendars.register_deadlines(request_deadlines)
        privacy.register_eraser(erase_request_contacts)
