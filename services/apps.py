from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from django.utils.translation import pgettext_lazy

        from partnership import home, pagecache, privacy
        from partnership.search.selectors import register_kind

        from . import scale, search
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
        register_kind(
            "services",
            label=pgettext_lazy("site search", "Services"),
            see_all_label=pgettext_lazy("site search", "All matching services"),
            rows=search.rows,
            result=search.result,
            list_url="services:index",
            order=20,
        )
        scale.register()
        register_webhook_events()
