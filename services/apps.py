from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from partnership import home, pagecache, privacy

        from . import scale
        from .home import panel_context
        from .models import WorkdayChange
        from .privacy import erase_request_contacts
        from .webhooks import register as register_webhook_events
        from .workdays import forget_changes

        post_save.connect(forget_changes, sender=WorkdayChange, dispatch_uid="workday-changes")
        post_delete.connect(forget_changes, sender=WorkdayChange, dispatch_uid="workday-changes-d")
        home.register_panel("services/home_panel.html", panel_context, order=20)
        from partnership.api import calendars

        from .api import request_deadlines

        calendars.register_deadlines(request_deadlines)
        privacy.register_eraser(erase_request_contacts)
        pagecache.register_namespace("services", apps=("services",))
        from . import search  # noqa: F401  (its kind of the site-wide search)

        scale.register()
        register_webhook_events()
