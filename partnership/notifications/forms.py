from django import forms

from . import categories
from .models import Preference


class PreferencesForm(forms.Form):
    """One choice per category: immediately, daily digest or off."""

    def __init__(self, *args, initial_modes: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for category in categories.configurable():
            self.fields[category] = forms.ChoiceField(
                label=categories.label(category),
                choices=Preference.Mode.choices,
                initial=initial_modes.get(category, Preference.Mode.IMMEDIATE),
                widget=forms.RadioSelect,
            )
