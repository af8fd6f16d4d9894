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

        post_save.connect(retire_badge, sender=Notification, dispatch_uid="usercache-inbox-save")
        post_delete.connect(retire_badge, sender=Notification, dispatch_uid="usercache-inbox-del")

        def hold_restored(sender, **kwargs):
            # `migrate` is a step of every deployment and of the restore procedure: a restored
            # database's pending deliveries are held before any worker can send them.
            from .outbox import check_restored

            check_restored()

        post_migrate.connect(hold_restored, sender=self, dispatch_uid="outbox-restored")

        from partnership import privacy

        from .actions import erase_prepared_mail

        privacy.register_eraser(erase_prepared_mail)
