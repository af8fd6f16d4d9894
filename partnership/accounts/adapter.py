from typing import Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from partnership.sites import absolute, portal_site


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return getattr(settings, "SIGNUP_OPEN", True)

    def populate_username(self, request, user):
        # E-mail is the login; there is no username to fill.
        return None

    # --- mails: the portal's own name and SITE_URL, never the host a request came in on ---

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context = {"current_site": portal_site(), "site_url": settings.SITE_URL, **context}
        super().send_mail(template_prefix, email, context)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute(path.replace("UID-KEY", quote(key)))
