"""Kinds of notification: what a person chooses e-mail for (immediately, a daily digest, off).

The core owns two: account mail (security, sign-in), which always goes out at once, and
reminders of deadlines, which any app may send. Each domain app registers its own kinds
where its models are declared, as it does its roles, home panels and erasers, so the core
names no domain app:

    IDEA_NOTICES = categories.register("ideas", _("Ideas"), order=30)

A notification's `category` column stores the code and reads its choices from here
(partnership.registry).
"""

from django.utils.translation import gettext_lazy as _

from partnership.registry import Label, Registry

CODE_LENGTH = 30  # the `category` columns' max_length (they read it from here)
_kinds = Registry("category", max_length=CODE_LENGTH)


def register(code: str, label: Label, *, order: int = 50, configurable: bool = True) -> str:
    """Declare a kind of notification; returns its code, for `notify(category=...)`.
    `configurable`: a person may choose digest or off for it (account mail may not)."""
    return _kinds.register(code, label, order=order, configurable=configurable)


def choices() -> list[tuple[str, Label]]:
    """Every registered kind, for the model fields' choices."""
    return _kinds.choices()


def configurable() -> list[str]:
    """The codes a person may choose for, in the order the preferences page shows them."""
    return _kinds.codes(configurable=True)


label = _kinds.label  # a code's label (the code itself when unknown)


REMINDERS = register("reminders", _("Reminders"), order=90)
ACCOUNT = register("account", _("Account"), order=100, configurable=False)
