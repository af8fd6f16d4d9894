from typing import Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
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
        """Account mail (confirmation, password reset, security notices) through the outbox:
        a delivery row with retries and a stable Message-ID, like every other mail. No
        unsubscribe link: the person asked for it, or it protects their account. The body
        holds a one-time link, so it is wiped from the row once sent."""
        from partnership.accounts.models import User
        from partnership.notifications.actions import queue_mail

        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": portal_site(),
            "site_url": settings.SITE_URL,
        }
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"),
            "",
        )
        text = message.body
        if getattr(message, "content_subtype", "plain") == "html":
            text, html = "", message.body
        queue_mail(
            to=email,
            subject=message.subject,
            text=text,
            html=html,
            from_email=message.from_email,
            headers=dict(message.extra_headers),
            user=User.objects.filter(email__iexact=email).first(),
            sensitive=True,
        )

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute(path.replace("UID-KEY", quote(key)))
