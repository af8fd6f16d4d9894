"""Kinds of notification: what a person chooses e-mail for (immediately, a daily digest, off).

The core owns two: account mail (security, sign-in), which always goes out at once, and
reminders of deadlines, which any app may send. Each domain app registers its own kinds
where its models are declared, as it does its home panels and erasers, so the core names
no domain app:

    IDEA_NOTICES = categories.register("ideas", _("Ideas"), order=30)

A notification's `category` column stores the code. The fields read their choices from here
when used (a callable), so a new kind needs no migration.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CODE_LENGTH = 30  # the `category` columns' max_length


@dataclass(frozen=True)
class Category:
    code: str
    label: str | Promise
    order: int
    configurable: bool


_registry: dict[str, Category] = {}


def register(code: str, label: str | Promise, *, order: int = 50, configurable: bool = True) -> str:
    """Declare a kind of notification; returns its code, for `notify(category=...)`."""
    if not code or len(code) > CODE_LENGTH:
        raise ValueError(f"a category code has 1 to {CODE_LENGTH} characters: {code!r}")
    known = _registry.get(code)
    if known and (known.label, known.configurable) != (label, configurable):
        raise ValueError(f"category {code!r} is already registered differently")
    _registry[code] = Category(code, label, order, configurable)
    return code


def _ordered() -> list[Category]:
    return sorted(_registry.values(), key=lambda c: (c.order, c.code))


def choices() -> list[tuple[str, str | Promise]]:
    """Every registered kind, for the model fields' choices."""
    return [(c.code, c.label) for c in _ordered()]


def configurable() -> list[str]:
    """The codes a person may choose for, in the order the preferences page shows them."""
    return [c.code for c in _ordered() if c.configurable]


def label(code: str) -> str | Promise:
    known = _registry.get(code)
    return known.label if known else code


REMINDERS = register("reminders", _("Reminders"), order=90)
ACCOUNT = register("account", _("Account"), order=100, configurable=False)
