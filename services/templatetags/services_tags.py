from django import template

from services.models import Status

register = template.Library()


@register.filter
def status_label(code):
    """The translated label of a request status code (notifications keep codes, not labels)."""
    try:
        return Status(code).label
    except ValueError:
        return code
