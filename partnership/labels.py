"""Display strings of choices, looked up once per process and language.

Django's `get_FOO_display()` flattens the field's choices into a new dictionary and translates
the label on every call, once per row of every list. The hot lists (idea cards, request queues,
report tables) call `choice_label` instead: one table per choices class and language, built on
first use and kept for the life of the process (the choices are code, not data).
"""

from typing import Any

from django.db.models import Choices
from django.utils.translation import get_language

_tables: dict[tuple[type[Choices], str | None], dict[Any, str]] = {}


def choice_label(choices: type[Choices], value: Any) -> str:
    """The label of `value` in the active language (the value itself if it is not a choice)."""
    key = (choices, get_language())
    table = _tables.get(key)
    if table is None:
        table = _tables[key] = {v: str(label) for v, label in choices.choices}
    return table.get(value, value)
