"""Who may take a plan: the audiences and union levels a plan is offered to."""

from django.utils.translation import gettext as _

from partnership.organisations.models import Kind, Party

from .models import Audience, Level

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


def plan_audiences(plan) -> list[str]:
    flags = [
        (plan.for_members, Audience.MEMBER),
        (plan.for_officers, Audience.OFFICER),
        (plan.for_central_staff, Audience.CENTRAL_STAFF),
        (plan.for_units, Audience.UNIT),
    ]
    return [audience for on, audience in flags if on]


def plan_levels(plan) -> list[str]:
    flags = [
        (plan.level_central, Level.CENTRAL),
        (plan.level_provincial, Level.PROVINCIAL),
        (plan.level_grassroots, Level.GRASSROOTS),
    ]
    return [level for on, level in flags if on]


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


def quantity_problem(*, plan, quantity: int, for_unit: bool) -> str | None:
    """Why this quantity cannot be asked for this plan (None: it can). The one check."""
    quantity = int(quantity)
    if not 1 <= quantity <= 1000:
        return _("The quantity must be between 1 and 1000.")
    if not for_unit and quantity != 1:
        return _("A personal plan is requested one at a time.")
    if quantity < plan.min_quantity:
        return _("This plan is sold from %(n)s subscriptions per request.") % {
            "n": plan.min_quantity
        }
    if quantity > plan.max_quantity:
        return _("This plan is sold up to %(n)s subscriptions per request.") % {
            "n": plan.max_quantity
        }
    return None
