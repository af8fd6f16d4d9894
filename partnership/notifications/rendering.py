"""Turn a notification into text: subject and body, in a given language.

Templates belong to the app that emits the event: event "services.request_submitted" renders
`notifications/services/request_submitted.subject.txt` and `.body.txt`. A missing or broken
template never stops a delivery: a generic text takes its place (and the error is logged).
"""

import html
import logging

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def template_base(event: str) -> str:
    return "notifications/" + event.replace(".", "/")


def absolute_url(path: str) -> str:
    if not path or "://" in path:
        return path
    return settings.SITE_URL + (path if path.startswith("/") else "/" + path)


def _context(notification, *, with_object: bool) -> dict:
    return {
        "recipient": notification.recipient,
        "object": notification.target if with_object else None,
        "actor": notification.actor,
        "url": absolute_url(notification.url),
        "context": notification.context or {},
        "notification": notification,
    }


def _render(name: str, context: dict) -> str | None:
    try:
        # Subjects and bodies are plain text: undo the HTML escaping of the template engine.
        return html.unescape(render_to_string(name, context))
    except TemplateDoesNotExist:
        return None
    except Exception:
        logger.exception("notification template %s failed", name)
        return None


def _generic_subject(notification) -> str:
    return _("New notification: %(category)s") % {"category": notification.get_category_display()}


def render_subject(notification, *, language: str | None = None, with_object=True) -> str:
    """One line. Uses the active language unless `language` is given."""
    with translation.override(language or translation.get_language()):
        text = _render(
            template_base(notification.event) + ".subject.txt",
            _context(notification, with_object=with_object),
        )
        text = " ".join((text or "").split())
        return text or _generic_subject(notification)


def render_body(notification, *, language: str | None = None) -> str:
    with translation.override(language or translation.get_language()):
        text = _render(
            template_base(notification.event) + ".body.txt",
            _context(notification, with_object=True),
        )
        if text and text.strip():
            return text.strip()
        return _("There is something new for you in the portal (%(category)s).") % {
            "category": notification.get_category_display()
        }


def language_of(user) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    lang = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return lang if lang in codes else settings.LANGUAGE_CODE
