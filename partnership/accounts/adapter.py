from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return getattr(settings, "SIGNUP_OPEN", True)

    def populate_username(self, request, user):
        # E-mail is the login; there is no username to fill.
        return None

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account mail (confirmation, password reset, security notices) through the outbox:
        a delivery row with retries and a stable Message-ID, like every other mail. No
        unsubscribe link: the person asked for it, or it protects their account. The body
        holds a one-time link, so it is wiped from the row once sent."""
        from partnership.accounts.models import User
        from partnership.notifications.actions import queue_mail

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
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
