"""Form fields shared by the apps."""

from django import forms


def optional_text(label, help_text="", *, max_length=2000):
    """An optional short text (a reason, a note) in a text area of two rows."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
    )


def filter_choice(label, everything, choices, **options):
    """A list filter's select: `everything` (no filter, the empty value) first, then `choices`."""
    return forms.ChoiceField(
        label=label, required=False, choices=[("", everything), *choices], **options
    )
