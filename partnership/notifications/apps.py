from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "partnership.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.db.models.signals import post_migrate

        from partnership.accounts.selectors import VISITOR_ANNOTATIONS

        from .selectors import unread_subquery

        # The header's badge comes with the visitor's row: no query of its own.
        VISITOR_ANNOTATIONS["unread_notifications"] = unread_subquery

        def hold_restored(sender, **kwargs):
            if getattr(sender, "name", "") != self.name:  # once per migrate, for this app
                return
            # `migrate` is a step of every deployment and of the restore procedure: a restored
            # database's pending deliveries are held before any worker can send them.
            from .outbox import check_restored

            check_restored()

        # A local function: held strongly (weak=False), or it is garbage once ready() returns.
        # Matched by the app's name, not by this AppConfig object.
        post_migrate.connect(hold_restored, dispatch_uid="outbox-restored", weak=False)

        from partnership import privacy

        from .actions import erase_prepared_mail

        privacy.register_eraser(erase_prepared_mail)
