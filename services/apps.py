from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        from partnership import home, privacy

        from .home import panel_context
        from .privacy import erase_request_contacts
        from .webhooks import register as register_webhook_events

        home.register_panel("services/home_panel.html", panel_context, order=20)
        privacy.register_eraser(erase_request_contacts)
        register_webhook_events()
