"""The roles of PRODUCT.md as Django groups. Role codes are stable (a group's name); labels
translate.

The core owns the roles of the whole portal: member, union officer, VNPT liaison (a VNPT
unit's contact: its request queue, its side of the progress reports, its API keys) and
content admin. A domain app registers a role of its own where its models are declared, as
it does its kinds of notification, so the core names no domain app:

    REVIEWER = roles.register("reviewer", _("Reviewer"), order=40, grantable_by_officers=True)

Each registered role has a group (accounts.signals, after migrate) and may be granted on the
people page; `RoleGrant.role` reads its choices from here (partnership.registry).
"""

from django.utils.translation import gettext_lazy as _

from partnership.registry import Label, Registry

CODE_LENGTH = 30  # RoleGrant.role's max_length, read from here (a group's name holds 150)
_roles = Registry("role", max_length=CODE_LENGTH)


def register(
    code: str, label: Label, *, order: int = 50, grantable_by_officers: bool = False
) -> str:
    """Declare a role; returns its code. `grantable_by_officers`: an officer may grant it to
    people of the units below their own (never to themself); otherwise only content admins."""
    return _roles.register(code, label, order=order, grantable_by_officers=grantable_by_officers)


def choices() -> list[tuple[str, Label]]:
    """Every registered role, for RoleGrant.role's choices and the people page."""
    return _roles.choices()


def grantable_by_officers() -> list[str]:
    return _roles.codes(grantable_by_officers=True)


codes = _roles.codes  # every role's code, in order
label = _roles.label  # a code's label (the code itself when unknown)


MEMBER = register("member", _("Member"), order=10)
OFFICER = register("union_officer", _("Union officer"), order=20, grantable_by_officers=True)
LIAISON = register("vnpt_liaison", _("VNPT liaison"), order=30)
CONTENT_ADMIN = register("content_admin", _("Content admin"), order=90)
