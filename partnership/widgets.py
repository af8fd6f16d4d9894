"""Form widgets shared by the apps."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A <select> whose options are joined in Python instead of one template per option.

    Same markup and attributes as Django's Select; the filter forms of the catalogue and
    the request lists carry up to a hundred options (units), and rendering each through
    select_option.html was a third of those pages' time. The options are written straight
    from the choices (no option dictionaries, no template per option).
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        chosen = self.format_value(value)
        has_selected = False

        def option(option_value, label):
            nonlocal has_selected
            option_value = "" if option_value is None else str(option_value)
            selected = (not has_selected or self.allow_multiple_selected) and (
                option_value in chosen
            )
            has_selected |= selected
            mark = " selected" if selected else ""
            return (
                f'<option value="{conditional_escape(option_value)}"{mark}>'
                f"{conditional_escape(label)}</option>"
            )

        options = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                inner = "".join(option(v, lab) for v, lab in label)
                options.append(
                    f'<optgroup label="{conditional_escape(option_value)}">{inner}</optgroup>'
                )
            else:
                options.append(option(option_value, label))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(attrs),
            mark_safe("".join(options)),  # noqa: S308 (each value and label escaped above)
        )


def quick_selects(form):
    """Swap every plain Select of a form for a QuickSelect (same HTML, rendered faster)."""
    for f in form.fields.values():
        if type(f.widget) is forms.Select:
            quick = QuickSelect(attrs=f.widget.attrs, choices=f.widget.choices)
            quick.is_required = f.widget.is_required
            f.widget = quick
