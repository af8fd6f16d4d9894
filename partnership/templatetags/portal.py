"""Template helpers available in every template (registered as builtins in settings)."""

from django import template

from partnership.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    """{{ plan.price|vnd }} -> 46.200 ₫"""
    return format_vnd(amount)


@register.filter
def percent_of(value, target):
    """Share of a target as a whole percentage, capped at 100, for progress bars."""
    try:
        value, target = float(value or 0), float(target or 0)
    except (TypeError, ValueError):
        return 0
    if target <= 0:
        return 0
    return max(0, min(100, round(100 * value / target)))


@register.inclusion_tag("includes/field.html")
def field(bound_field, **attrs):
    """Render one form field with its label, help and errors tied by aria-describedby."""
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_helptext")
    widget_attrs = bound_field.field.widget.attrs
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
        widget_attrs["aria-invalid"] = "true"
    if described:
        widget_attrs["aria-describedby"] = " ".join(described)
    return {"field": bound_field, **attrs}
