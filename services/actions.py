"""Writes on service requests: submit, move along the pipeline, claim, message."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership.accounts.roles import Role
from partnership.notifications.actions import notify
from partnership.notifications.categories import Category as NotificationCategory
from partnership.organisations.selectors import serving_vnpt_unit

from .eligibility import ineligibility_reason, request_as_unit
from .models import Message, ServiceRequest, Status, StatusChange
from .selectors import can_act_as_requester, can_act_as_vnpt
from .webhooks import emit as emit_webhook
from .workdays import add_working_days

S = Status

# Allowed moves per status. Who may make them is in REQUESTER_MOVES / the VNPT side.
TRANSITIONS: dict[str, set[str]] = {
    S.SUBMITTED: {S.ACCEPTED, S.NEEDS_INFO, S.REJECTED, S.CANCELLED},
    S.NEEDS_INFO: {S.SUBMITTED, S.REJECTED, S.CANCELLED},
    S.ACCEPTED: {S.IN_PROGRESS, S.NEEDS_INFO, S.CANCELLED},
    S.IN_PROGRESS: {S.COMPLETED, S.FAILED},
    S.COMPLETED: {S.CLOSED},
    S.FAILED: {S.CLOSED},
    S.REJECTED: {S.CLOSED},
    S.CANCELLED: set(),
    S.CLOSED: set(),
}
# The requester may only cancel or send an answered need-info back to VNPT.
REQUESTER_MOVES = {S.CANCELLED, S.SUBMITTED}
VNPT_MOVES = {S.ACCEPTED, S.NEEDS_INFO, S.REJECTED, S.IN_PROGRESS, S.COMPLETED, S.FAILED, S.CLOSED}
COMMENT_REQUIRED = {S.REJECTED, S.NEEDS_INFO, S.FAILED}


class RequestError(Exception):
    """A move or a submission that cannot be made; the message is for the user."""


class IneligiblePlan(RequestError):
    pass


class IllegalTransition(RequestError):
    pass


class StaleTransition(RequestError):
    pass


def liaisons_of(vnpt_unit):
    from partnership.accounts.models import User

    return list(
        User.objects.filter(unit=vnpt_unit, is_active=True, groups__name=Role.LIAISON).distinct()
    )


def _recipients(request):
    return [request.requester, request.assignee, *liaisons_of(request.vnpt_unit)]


def _notify(request, event, *, actor, context=None, also=()):
    notify(
        recipients=[*_recipients(request), *also],
        event=f"services.{event}",
        category=NotificationCategory.SERVICE_REQUESTS,
        obj=request,
        context={
            "reference": request.reference,
            "service": request.service.name,
            "plan": request.plan.name,
            "status": request.status,
            **(context or {}),
        },
        actor=actor,
    )
    emit_webhook(request, event, context)


def submit_request(
    *,
    plan,
    by,
    quantity: int,
    contact_name: str,
    contact_phone: str,
    address: str = "",
    wished_on=None,
    note: str = "",
    idempotency_key,
) -> ServiceRequest:
    """Create a request routed to the VNPT unit serving the requester's unit.

    Submitting the same form twice (same idempotency key) returns the first request.
    """
    existing = ServiceRequest.objects.filter(requester=by, idempotency_key=idempotency_key).first()
    if existing:
        return existing
    reason = ineligibility_reason(plan, by)
    if reason:
        raise IneligiblePlan(reason)
    if not 1 <= int(quantity) <= 1000:
        raise RequestError(_("The quantity must be between 1 and 1000."))
    for_unit = request_as_unit(plan, by)
    if not for_unit and int(quantity) != 1:
        raise RequestError(_("A personal plan is requested one at a time."))
    now = timezone.now()
    try:
        with transaction.atomic():
            request = ServiceRequest.objects.create(
                plan=plan,
                service=plan.service,
                requester=by,
                unit=by.unit,
                for_unit=for_unit,
                vnpt_unit=serving_vnpt_unit(by.unit),
                quantity=quantity,
                contact_name=contact_name,
                contact_phone=contact_phone,
                address=address,
                wished_on=wished_on,
                note=note,
                idempotency_key=idempotency_key,
                submitted_at=now,
                first_response_due=add_working_days(
                    timezone.localdate(now), settings.SERVICE_FIRST_RESPONSE_WORKING_DAYS
                ),
            )
            StatusChange.objects.create(
                request=request, old_status="", new_status=S.SUBMITTED, by=by, at=now
            )
            _notify(request, "request_submitted", actor=by)
    except IntegrityError:
        # The same form, submitted twice at the same moment: the other one won.
        return ServiceRequest.objects.get(requester=by, idempotency_key=idempotency_key)
    return request


def set_status(*, request, new_status, by, comment: str = "", expected_status=None):
    """Move a request along the pipeline, or raise.

    `expected_status` is the status the user saw; if someone moved it in the meantime the
    move is refused (StaleTransition) instead of silently applied to a different state.
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = (
            ServiceRequest.objects.select_for_update(of=("self",))
            .select_related("plan", "service", "requester", "vnpt_unit", "assignee")
            .get(pk=request.pk)
        )
        old = locked.status
        if expected_status and old != expected_status:
            raise StaleTransition(
                _("Someone else already moved this request to “%(status)s”. Reload and check.")
                % {"status": Status(old).label}
            )
        if new_status not in TRANSITIONS[old]:
            raise IllegalTransition(
                _("A request that is “%(old)s” cannot become “%(new)s”.")
                % {"old": Status(old).label, "new": Status(new_status).label}
            )
        _check_may_move(locked, new_status, by)
        if new_status in COMMENT_REQUIRED and not comment:
            raise RequestError(_("Give a reason or a question for this step."))
        now = timezone.now()
        locked.status = new_status
        fields = ["status", "updated_at"]
        if new_status in VNPT_MOVES and locked.first_response_at is None:
            locked.first_response_at = now
            fields.append("first_response_at")
        if new_status == S.COMPLETED:
            locked.completed_at = now
            fields.append("completed_at")
        if new_status in VNPT_MOVES and locked.assignee_id is None:
            locked.assignee = by
            fields.append("assignee")
        locked.save(update_fields=fields)
        StatusChange.objects.create(
            request=locked, old_status=old, new_status=new_status, by=by, at=now, comment=comment
        )
        _notify(
            locked,
            "request_status_changed",
            actor=by,
            context={"old_status": old, "new_status": new_status, "comment": comment},
        )
    request.refresh_from_db()
    return request


def _check_may_move(request, new_status, by):
    if new_status in REQUESTER_MOVES and can_act_as_requester(by, request):
        return
    if new_status in VNPT_MOVES and can_act_as_vnpt(by, request):
        return
    raise IllegalTransition(_("You may not make this move on this request."))


def allowed_moves(request, user) -> list[str]:
    """The statuses this user may move the request to now (for the buttons)."""
    moves = []
    for status in Status.values:
        if status not in TRANSITIONS[request.status]:
            continue
        if status == S.SUBMITTED:
            continue  # answering a need-info is done by replying, not with a bare button
        if (
            status in REQUESTER_MOVES
            and can_act_as_requester(user, request)
            or status in VNPT_MOVES
            and can_act_as_vnpt(user, request)
        ):
            moves.append(status)
    return moves


def claim_request(*, request, by):
    """A liaison takes charge of a request; a request already claimed by another stays theirs."""
    with transaction.atomic():
        locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        if not can_act_as_vnpt(by, locked):
            raise IllegalTransition(_("You may not claim this request."))
        if locked.assignee_id and locked.assignee_id != by.pk:
            raise StaleTransition(
                _("%(name)s already claimed this request.") % {"name": locked.assignee}
            )
        locked.assignee = by
        locked.save(update_fields=["assignee", "updated_at"])
    request.refresh_from_db()
    return request


def post_message(*, request, by, body: str, attachment=None, attachment_name: str = ""):
    """A message in the request's thread; the requester answering a need-info sends it back."""
    body = (body or "").strip()
    if not body and not attachment:
        raise RequestError(_("Write a message or attach a file."))
    vnpt_side = can_act_as_vnpt(by, request)
    if not vnpt_side and not can_act_as_requester(by, request):
        raise IllegalTransition(_("You may not write on this request."))
    with transaction.atomic():
        locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        message = Message.objects.create(
            request=locked,
            author=by,
            body=body,
            attachment=attachment or "",
            attachment_name=attachment_name[:200],
        )
        if vnpt_side and locked.first_response_at is None:
            locked.first_response_at = message.created_at
            locked.save(update_fields=["first_response_at", "updated_at"])
        _notify(locked, "request_message", actor=by, context={"message": body[:500]})
        if not vnpt_side and locked.status == S.NEEDS_INFO:
            set_status(request=locked, new_status=S.SUBMITTED, by=by, comment=body[:500])
    request.refresh_from_db()
    return message


def reroute_request(*, request, vnpt_unit, by, assignee=None, reason: str = "") -> ServiceRequest:
    """Send a request to another VNPT unit (an administrator correcting the routing).

    Recorded in the request's history (who, when, from where to where) and told to the new
    branch's liaisons, the old branch's and the requester. The assignee belonged to the old
    branch, so it is cleared unless one of the new branch is given.
    """
    with transaction.atomic():
        locked = (
            ServiceRequest.objects.select_for_update()
            .select_related("plan", "service", "requester", "vnpt_unit")
            .get(pk=request.pk)
        )
        old = locked.vnpt_unit
        if old.pk == vnpt_unit.pk:
            return locked
        locked.vnpt_unit = vnpt_unit
        locked.assignee = assignee if assignee and assignee.unit_id == vnpt_unit.pk else None
        locked.save(update_fields=["vnpt_unit", "assignee", "updated_at"])
        note = _("Sent from %(old)s to %(new)s.") % {"old": old.name, "new": vnpt_unit.name}
        StatusChange.objects.create(
            request=locked,
            old_status=locked.status,
            new_status=locked.status,
            by=by,
            comment=f"{note} {reason}".strip(),
        )
        _notify(
            locked,
            "request_rerouted",
            actor=by,
            context={"from": old.name, "to": vnpt_unit.name, "reason": reason},
            also=liaisons_of(old),
        )
    request.refresh_from_db()
    return locked


def remind_overdue(*, today=None) -> int:
    """Remind the branch liaisons of requests whose first response is overdue (once a day)."""
    from .selectors import overdue_requests

    today = today or timezone.localdate()
    count = 0
    for request in overdue_requests(today=today).select_related(
        "plan", "service", "requester", "vnpt_unit", "assignee"
    ):
        if request.reminded_at and timezone.localdate(request.reminded_at) == today:
            continue
        with transaction.atomic():
            notify(
                recipients=[request.assignee, *liaisons_of(request.vnpt_unit)],
                event="services.request_overdue",
                category=NotificationCategory.REMINDERS,
                obj=request,
                context={
                    "reference": request.reference,
                    "service": request.service.name,
                    "due": request.first_response_due.isoformat(),
                },
            )
            emit_webhook(
                request, "request_overdue", {"due": request.first_response_due.isoformat()}
            )
            ServiceRequest.objects.filter(pk=request.pk).update(reminded_at=timezone.now())
        count += 1
    return count
