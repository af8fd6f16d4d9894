from django import forms

from .categories import CONFIGURABLE
from .models import Preference


class PreferencesForm(forms.Form):
    """One choice per category: immediately, daily digest or off."""

    def __init__(self, *args, initial_modes: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for category in CONFIGURABLE:
            self.fields[category] = forms.ChoiceField(
                label=category.label,
                choices=Preference.Mode.choices,
                initial=initial_modes.get(category, Preference.Mode.IMMEDIATE),
                widget=forms.RadioSelect,
            )
