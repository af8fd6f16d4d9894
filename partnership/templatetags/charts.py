"""{% load charts %}{% chart c %}: draw a chart built by partnership/charts.py."""

from django import template
from django.template.loader import render_to_string

from partnership import charts

register = template.Library()


@register.simple_tag
def chart(c):
    """The chart's SVG followed by its data table (the template the chart names)."""
    if c is None:
        return ""
    return render_to_string(c.template, {"chart": c})


@register.filter
def anchor(name, prefix="province"):
    """{{ province|anchor }} -> province-da-nang: the row id a chart links to."""
    return charts.anchor(name or "", prefix)
