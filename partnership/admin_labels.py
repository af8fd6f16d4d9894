"""Names Django admin shows for third-party apps that give none to translate.

django-axes' app has no verbose_name (the admin shows its label, "Axes") and allauth MFA's
Authenticator model none either ("Authenticators"); both get translatable names here. Their
other labels (axes' models, fields and filters, "Sites"…) are marked for translation by the
libraries and translated in the vendor catalogue (locale_vendor/vi). Only the runtime names
change, not the models' options: no migration follows.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _


def apply() -> None:
    if apps.is_installed("axes"):
        apps.get_app_config("axes").verbose_name = _("Log-in protection")
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        Authenticator._meta.verbose_name = _("authenticator")
        Authenticator._meta.verbose_name_plural = _("authenticators")
