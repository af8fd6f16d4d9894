from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "partnership.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from partnership import usercache

        from .models import Notification

        def retire_badge(sender, instance, raw=False, **kwargs):
            # actions._write and mark_read retire it themselves (bulk writes send no signal);
            # this covers single rows changed elsewhere, such as admin.
            if not raw:
                usercache.bump("inbox", [instance.recipient_id])

        post_save.connect(
            retire_badge, sender=Notification, dispatch_uid="usercache-inbox-save", weak=False
        )
        post_delete.connect(
            retire_badge, sender=Notification, dispatch_uid="usercache-inbox-del", weak=False
        )

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
