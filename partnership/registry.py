"""Codes with labels that apps contribute, so the core names none of theirs: the kinds of
notification (notifications.categories) and the roles (accounts.roles).

The core declares its own codes; each domain app registers its own where its models are
declared (imported before any request, command or check runs). A model field takes the
registry's choices through a module-level function (a callable, Django 5), so a new code
needs no migration.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

Label = str | Promise


@dataclass(frozen=True)
class Entry:
    code: str
    label: Label
    order: int
    flags: dict[str, Any]


class Registry:
    def __init__(self, what: str, *, max_length: int) -> None:
        self.what = what  # for messages: "category", "role"
        self.max_length = max_length  # the column's
        self._entries: dict[str, Entry] = {}

    def register(self, code: str, label: Label, *, order: int = 50, **flags: Any) -> str:
        """Declare a code; returns it. Registering it again with the same meaning is harmless."""
        if not code or len(code) > self.max_length:
            raise ValueError(f"a {self.what} code has 1 to {self.max_length} characters: {code!r}")
        known = self._entries.get(code)
        if known and (known.label, known.flags) != (label, flags):
            raise ValueError(f"{self.what} {code!r} is already registered differently")
        self._entries[code] = Entry(code, label, order, flags)
        return code

    def unregister(self, code: str) -> None:
        """For tests that register a code of their own."""
        self._entries.pop(code, None)

    def entries(self) -> list[Entry]:
        return sorted(self._entries.values(), key=lambda e: (e.order, e.code))

    def choices(self) -> list[tuple[str, Label]]:
        return [(e.code, e.label) for e in self.entries()]

    def codes(self, **flags: Any) -> list[str]:
        """The codes, in order; with flags, those whose flags have these values."""
        return [
            e.code
            for e in self.entries()
            if all(e.flags.get(k, False) == v for k, v in flags.items())
        ]

    def label(self, code: str) -> Label:
        known = self._entries.get(code)
        return known.label if known else code
