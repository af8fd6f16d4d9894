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


@register.filter
def iso_day(value):
    """A day kept as ISO text in a notification's context, as a date for the `date` filter."""
    import datetime

    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return value
