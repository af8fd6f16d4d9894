from django import template

from ..rendering import render_subject

register = template.Library()


@register.simple_tag
def notification_subject(notification):
    """The subject template of the event, in the viewer's (active) language."""
    return render_subject(notification)
