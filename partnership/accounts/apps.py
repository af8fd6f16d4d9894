from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "partnership.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self):
        from . import signals  # noqa: F401
