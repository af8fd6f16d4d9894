"""Who may take a plan: the audiences and union levels a plan is offered to."""

from django.utils.translation import gettext as _

from partnership.organisations.models import Kind, Party

from .models import AUDIENCE_FIELD, LEVEL_FIELD, Audience, Level, Plan

_LEVEL_OF_KIND = {
    Kind.CENTRAL_COMMITTEE: Level.CENTRAL,
    Kind.CENTRAL_BODY: Level.CENTRAL,
    Kind.PROVINCIAL_UNION: Level.PROVINCIAL,
    Kind.GRASSROOTS_UNION: Level.GRASSROOTS,
}


def level_of(unit) -> str | None:
    if unit is None or unit.party != Party.UNION:
        return None
    return _LEVEL_OF_KIND.get(unit.kind)


def is_central_staff(user) -> bool:
    """People working at the Central Union or one of its central bodies."""
    return level_of(getattr(user, "unit", None)) == Level.CENTRAL


def plan_audiences(plan: Plan) -> list[str]:
    return [audience for audience, field in AUDIENCE_FIELD.items() if getattr(plan, field)]


def plan_levels(plan: Plan) -> list[str]:
    return [level for level, field in LEVEL_FIELD.items() if getattr(plan, field)]


def audiences_of(user) -> set[str]:
    """The audiences a user may request as (for the unit only if an officer)."""
    if not user.is_authenticated or level_of(user.unit) is None:
        return set()
    result = set()
    if user.is_member:
        result.add(Audience.MEMBER)
    if user.is_officer:
        result |= {Audience.OFFICER, Audience.UNIT}
    if is_central_staff(user):
        result.add(Audience.CENTRAL_STAFF)
    return result


def ineligibility_reason(plan, user, *, for_unit: bool | None = None) -> str | None:
    """None when `user` may request `plan`; otherwise the reason, for the user to read.

    for_unit=None asks "in any capacity"; True/False asks for the unit / for themself.
    """
    if not plan.is_on_sale():
        return (
            _("This plan is no longer on sale.")
            if plan.valid_until
            else _("This plan is not on sale yet.")
        )
    if not user.is_authenticated:
        return _("Log in with a union account to request this plan.")
    level = level_of(user.unit)
    if level is None:
        return _("Only people of a union unit can request plans.")
    if level not in plan_levels(plan):
        return _("This plan is not offered at your union level (%(level)s).") % {
            "level": Level(level).label
        }
    offered = set(plan_audiences(plan))
    mine = audiences_of(user)
    if for_unit is True:
        mine &= {Audience.UNIT}
    elif for_unit is False:
        mine -= {Audience.UNIT}
    if offered & mine:
        return None
    labels = ", ".join(str(Audience(a).label).lower() for a in plan_audiences(plan))
    return _("This plan is reserved for: %(audiences)s.") % {"audiences": labels}


def request_as_unit(plan, user) -> bool:
    """Officers ask for the unit when the plan is offered to units; otherwise for themself."""
    return bool(plan.for_units and user.is_officer)
