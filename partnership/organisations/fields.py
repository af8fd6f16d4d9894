"""The province picker of every form: the 34 provinces of today."""

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import provinces
from .selectors import current_province


class ProvinceField(forms.ChoiceField):
    """Offers the 34 current provinces only. A former province's name (an old link, a
    bookmark) is taken as the province that carries it today: "Hà Giang" → "Tuyên Quang"."""

    def __init__(self, *, blank: str | Promise | None = None, **kwargs: Any) -> None:
        blank = _("All provinces") if blank is None else blank
        kwargs.setdefault("label", _("Province"))
        kwargs.setdefault("required", False)
        super().__init__(choices=[("", blank), *[(p, p) for p in provinces.CURRENT]], **kwargs)

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return current_province(value) if value else value
