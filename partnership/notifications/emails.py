"""Build the e-mail of a delivery: plain text + HTML, in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import categories as kinds
from .models import Delivery
from .outbox import message_id
from .rendering import absolute_url, language_of, render_body, render_subject
from .tokens import make_address_token, make_token


def unsubscribe_url(user, categories) -> str:
    cats = [c for c in categories if c in kinds.configurable()]
    if not cats:
        return ""
    return absolute_url(reverse("notifications:unsubscribe", args=[make_token(user, cats)]))


def address_unsubscribe_url(email: str) -> str:
    return absolute_url(
        reverse("notifications:unsubscribe_address", args=[make_address_token(email)])
    )


def build_prepared(delivery: Delivery) -> EmailMultiAlternatives:
    """A mail rendered when it was queued (account mails, invitations to an address)."""
    data = delivery.payload
    headers = {"Message-ID": message_id(delivery.idempotency_key), **data.get("headers", {})}
    message = EmailMultiAlternatives(
        subject=data.get("subject", ""),
        body=data.get("text", ""),
        from_email=data.get("from") or None,
        to=[delivery.address],
        headers=headers,
    )
    if data.get("html"):
        message.attach_alternative(data["html"], "text/html")
    return message


def build_message(delivery: Delivery) -> EmailMultiAlternatives | None:
    if delivery.kind == Delivery.Kind.MESSAGE:
        return build_prepared(delivery)
    user = delivery.recipient
    language = language_of(user)
    with translation.override(language):
        if delivery.kind == Delivery.Kind.DIGEST:
            items = list(
                delivery.digest_items.select_related("actor", "recipient")
                .prefetch_related("target")
                .order_by("created_at")
            )
            if not items:
                return None
            subject = ngettext(
                "Your daily summary: %(count)d notification",
                "Your daily summary: %(count)d notifications",
                len(items),
            ) % {"count": len(items)}
            entries = [
                {"subject": render_subject(n, language=language), "url": absolute_url(n.url)}
                for n in items
            ]
            body = ""
            url = absolute_url(reverse("notifications:inbox"))
            categories = {n.category for n in items}
        else:
            n = delivery.notification
            subject = render_subject(n, language=language)
            body = render_body(n, language=language)
            entries = []
            url = absolute_url(n.url) or absolute_url(reverse("notifications:inbox"))
            categories = {n.category}
        unsubscribe = unsubscribe_url(user, categories)
        context = {
            "recipient": user,
            "subject": subject,
            "body": body,
            "entries": entries,
            "url": url,
            "button": _("Open in the portal"),
            "unsubscribe_url": unsubscribe,
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "site_url": settings.SITE_URL,
            "language": language,
        }
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
    headers = {
        "Auto-Submitted": "auto-generated",
        "Content-Language": language,
        "Message-ID": message_id(delivery.idempotency_key),
    }
    if unsubscribe:
        # RFC 8058: mailbox providers POST "List-Unsubscribe=One-Click" to this URL.
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email], headers=headers)
    message.attach_alternative(html, "text/html")
    return message
