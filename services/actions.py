"""Writes on service requests: submit, move along the pipeline, claim, message."""

import datetime
import uuid
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnership import workflow
from partnership.accounts.models import User
from partnership.accounts.roles import LIAISON
from partnership.files.actions import claim_uploads
from partnership.notifications import categories
from partnership.notifications.actions import notify
from partnership.organisations.models import Unit
from partnership.organisations.selectors import serving_vnpt_unit

from . import demand
from .eligibility import ineligibility_reason, request_as_unit
from .models import (
    QUOTE_FIELDS,
    REQUEST_NOTICES,
    DeadlineAlert,
    Message,
    Plan,
    ServiceRequest,
    Status,
    StatusChange,
)
from .pricing import quote
from .selectors import can_act_as_requester, can_act_as_vnpt
from .webhooks import emit as emit_webhook
from .workdays import add_working_days, working_days_between

S = Status


# Who is asking: the requester's side (the requester or an officer above) or the VNPT side.
_requester = workflow.who(can_act_as_requester)
_vnpt = workflow.who(can_act_as_vnpt)


def _requester_or_portal(request: ServiceRequest, user: User | None) -> bool:
    """The requester's side confirms; the portal (no person) confirms what nobody did."""
    return user is None or _requester(request, user)


WHY = gettext_lazy("Give a reason or a question for this step.")
REOPEN_WHY = gettext_lazy("Say what does not work, so that VNPT can fix it.")
CONTRACT_MISSING = gettext_lazy("Give the contract or subscriber number of what was delivered.")
ACTIVATION_MISSING = gettext_lazy("Give the day the service was activated.")
RATING_MISSING = gettext_lazy("Choose a rating from 1 (very dissatisfied) to 5 (very satisfied).")


def _answer_moves() -> list[workflow.Move]:
    return [
        # The requester may only cancel or send an answered need-info back to VNPT.
        *workflow.moves([S.SUBMITTED, S.NEEDS_INFO, S.ACCEPTED], S.CANCELLED, _requester),
        workflow.Move(S.NEEDS_INFO, S.SUBMITTED, _requester),
        workflow.Move(S.SUBMITTED, S.ACCEPTED, _vnpt),
        *workflow.moves([S.SUBMITTED, S.ACCEPTED], S.NEEDS_INFO, _vnpt, reason=WHY),
        *workflow.moves([S.SUBMITTED, S.NEEDS_INFO], S.REJECTED, _vnpt, reason=WHY),
        workflow.Move(S.ACCEPTED, S.IN_PROGRESS, _vnpt),
        # Completing says what was delivered; the requesting unit then confirms that it
        # works (with a rating) or reopens it, back to VNPT's queue. A completion nobody
        # confirms is confirmed by the portal after SERVICE_CONFIRMATION_WORKING_DAYS.
        workflow.Move(
            S.IN_PROGRESS,
            S.COMPLETED,
            _vnpt,
            {"contract_number": CONTRACT_MISSING, "activated_on": ACTIVATION_MISSING},
        ),
        workflow.Move(S.COMPLETED, S.CONFIRMED, _requester_or_portal),
        workflow.Move(S.COMPLETED, S.IN_PROGRESS, _requester, {"reason": REOPEN_WHY}),
        workflow.Move(S.IN_PROGRESS, S.FAILED, _vnpt, {"reason": WHY}),
        *workflow.moves([S.CONFIRMED, S.FAILED, S.REJECTED], S.CLOSED, _vnpt),
    ]


# What the VNPT side may move a request to, read from the table (the API offers these).
VNPT_MOVES: frozenset[str] = frozenset(m.to for m in _answer_moves() if m.who is _vnpt)
# The statuses whose moves need a reason (the API checks a body before the request's state).
REASON_REQUIRED: frozenset[str] = frozenset(
    m.to for m in _answer_moves() if m.who is _vnpt and "reason" in m.requires
)


# Errors of the service actions: the one hierarchy of the workflow engine.
RequestError = workflow.WorkflowError
IllegalTransition = workflow.NotAllowed
StaleTransition = workflow.StaleStatus


class RefusedRequest(RequestError):
    """A request refused for what was typed: `errors` maps each form field (plan,
    quantity) to its message, so a form shows it on that field."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        super().__init__(self.errors)


class IneligiblePlan(RefusedRequest):
    """The person may not ask for this plan."""


def liaisons_of(vnpt_unit: Unit) -> list[User]:
    return list(
        User.objects.filter(unit=vnpt_unit, is_active=True, groups__name=LIAISON).distinct()
    )


def _recipients(request: ServiceRequest) -> list[User | None]:
    return [request.requester, request.assignee, *liaisons_of(request.vnpt_unit)]


def _notify(
    request: ServiceRequest,
    event: str,
    *,
    actor: User | None,
    context: dict[str, Any] | None = None,
    also: Iterable[User] = (),
) -> None:
    notify(
        recipients=[*_recipients(request), *also],
        event=f"services.{event}",
        category=REQUEST_NOTICES,
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


MAX_QUANTITY = 1000


def request_errors(*, plan: Plan | None, by: User, quantity: int | None) -> dict[str, str]:
    """What is wrong with asking for `quantity` of `plan`, by form field; empty when nothing.

    A part the form could not read (None) is skipped: its field already says why.
    """
    errors: dict[str, str] = {}
    reason = ineligibility_reason(plan, by) if plan is not None else None
    if reason:
        errors["plan"] = reason
    if quantity is None:
        return errors
    if quantity < 1:
        errors["quantity"] = _("Ask for at least 1 subscription.")
    elif quantity > MAX_QUANTITY:
        errors["quantity"] = _(
            "At most 1000 subscriptions per request; for more, contact your VNPT branch."
        )
    elif plan is not None and not reason:
        if quantity > 1 and not request_as_unit(plan, by):
            errors["quantity"] = _("A personal plan is requested one at a time.")
        elif quantity < plan.min_quantity:
            errors["quantity"] = _("This plan is sold from %(n)s subscriptions per request.") % {
                "n": plan.min_quantity
            }
        elif quantity > plan.max_quantity:
            errors["quantity"] = _("This plan is sold up to %(n)s subscriptions per request.") % {
                "n": plan.max_quantity
            }
    return errors


def check_request(*, plan: Plan, by: User, quantity: int) -> None:
    """Refuse a request `by` may not make: IneligiblePlan for the plan, else RequestError."""
    errors = request_errors(plan=plan, by=by, quantity=quantity)
    if "plan" in errors:
        raise IneligiblePlan(errors)
    if errors:
        raise RefusedRequest(errors)


def _priced(plan: Plan, quantity: int) -> dict[str, int]:
    """The request's price fields, from the one pricing function (kept as sent)."""
    holder = ServiceRequest(quantity=quantity)
    holder.set_quote(quote(plan, quantity))
    return {f: getattr(holder, f) for f in QUOTE_FIELDS}


def submit_request(
    *,
    plan: Plan,
    by: User,
    quantity: int,
    contact_name: str,
    contact_phone: str,
    address: str = "",
    wished_on: datetime.date | None = None,
    note: str = "",
    idempotency_key: uuid.UUID,
) -> ServiceRequest:
    """Create a request routed to the VNPT unit serving the requester's unit.

    Submitting the same form twice (same idempotency key) returns the first request.
    """
    existing = ServiceRequest.objects.filter(requester=by, idempotency_key=idempotency_key).first()
    if existing:
        return existing
    check_request(plan=plan, by=by, quantity=quantity)
    for_unit = request_as_unit(plan, by)
    unit = by.unit
    assert unit is not None  # only people of a union unit are eligible (ineligibility_reason)
    vnpt_unit = serving_vnpt_unit(unit)
    assert vnpt_unit is not None  # every tree has VNPT group HQ, which serves all the rest
    now = timezone.now()
    try:
        with transaction.atomic():
            request = ServiceRequest.objects.create(
                plan=plan,
                service=plan.service,
                requester=by,
                unit=unit,
                for_unit=for_unit,
                vnpt_unit=vnpt_unit,
                quantity=quantity,
                contact_name=contact_name,
                contact_phone=contact_phone,
                address=address,
                wished_on=wished_on,
                note=note,
                **_priced(plan, quantity),
                idempotency_key=idempotency_key,
                submitted_at=now,
                first_response_due=add_working_days(
                    timezone.localdate(now), settings.SERVICE_FIRST_RESPONSE_WORKING_DAYS
                ),
            )
            workflow.record_start(request, by=by, at=now)
            demand.record(request.service_id, request.submitted_at, +1)
            _notify(request, "request_submitted", actor=by)
    except IntegrityError:
        # The same form, submitted twice at the same moment: the other one won.
        return ServiceRequest.objects.get(requester=by, idempotency_key=idempotency_key)
    return request


# --- closure: what was delivered, then the requester's confirmation -------------------------


def completion_errors(
    *,
    request: ServiceRequest,
    contract_number: str | None,
    activated_on: datetime.date | None,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """What is wrong with completing `request` with these details, by form field."""
    errors: dict[str, str] = {}
    if not (contract_number or "").strip():
        errors["contract_number"] = str(CONTRACT_MISSING)
    elif len(contract_number.strip()) > 60:  # type: ignore[union-attr]
        errors["contract_number"] = _("At most 60 characters.")
    if activated_on is None:
        errors["activated_on"] = str(ACTIVATION_MISSING)
    elif activated_on > (today or timezone.localdate()):
        errors["activated_on"] = _("The activation date cannot be in the future.")
    elif activated_on < timezone.localdate(request.submitted_at):
        errors["activated_on"] = _("The activation date cannot be before the request was sent.")
    return errors


def confirmation_errors(*, rating: int | None) -> dict[str, str]:
    """What is wrong with a person's confirmation, by form field."""
    if rating is None or not 1 <= rating <= 5:
        return {"rating": str(RATING_MISSING)}
    return {}


def _apply_closure(
    request: ServiceRequest,
    *,
    old: str,
    to: str,
    by: User | None,
    now: datetime.datetime,
    given: Mapping[str, Any],
) -> list[str]:
    if to == S.COMPLETED:
        errors = completion_errors(
            request=request,
            contract_number=given.get("contract_number"),
            activated_on=given.get("activated_on"),
            today=timezone.localdate(now),
        )
        if errors:
            raise workflow.MissingInput(errors)
        request.completed_at = now
        request.contract_number = given["contract_number"].strip()
        request.activated_on = given["activated_on"]
        request.confirmation_due = add_working_days(
            timezone.localdate(now), settings.SERVICE_CONFIRMATION_WORKING_DAYS
        )
        return ["completed_at", "contract_number", "activated_on", "confirmation_due"]
    if to == S.CONFIRMED:
        if by is not None:
            errors = confirmation_errors(rating=given.get("rating"))
            if errors:
                raise workflow.MissingInput(errors)
        request.confirmed_at = now
        request.auto_confirmed = by is None
        request.rating = given.get("rating") if by is not None else None
        request.rating_comment = (given.get("rating_comment") or "").strip()
        return ["confirmed_at", "auto_confirmed", "rating", "rating_comment"]
    if old == S.COMPLETED and to == S.IN_PROGRESS:  # reopened: VNPT completes it again
        request.completed_at = None
        request.confirmation_due = None
        return ["completed_at", "confirmation_due"]
    return []


def _apply_move(request: ServiceRequest, step: workflow.Step) -> list[str]:
    """The VNPT side's first move answers the request and takes charge of it."""
    old, to, by, now, given = step.old, step.to, step.by, step.now, step.given
    fields = _apply_closure(request, old=old, to=to, by=by, now=now, given=given)
    move = WORKFLOW.move(old, to)
    vnpt_move = move is not None and move.who is _vnpt
    if vnpt_move and request.first_response_at is None:
        request.first_response_at = now
        fields.append("first_response_at")
    if vnpt_move and request.assignee_id is None:
        request.assignee = by
        fields.append("assignee")
    return fields


def _announce_move(request: ServiceRequest, step: workflow.Step) -> None:
    old, by, reason = step.old, step.by, step.reason
    context: dict[str, Any] = {"old_status": old, "new_status": request.status, "comment": reason}
    if request.status == S.CONFIRMED:
        context.update(rating=request.rating, automatically=request.auto_confirmed)
    if request.status == S.COMPLETED:
        context.update(
            contract_number=request.contract_number,
            activated_on=request.activated_on.isoformat() if request.activated_on else None,
            confirmation_due=(
                request.confirmation_due.isoformat() if request.confirmation_due else None
            ),
        )
    _notify(request, "request_status_changed", actor=by, context=context)


WORKFLOW = workflow.register(
    workflow.Workflow(
        model=ServiceRequest,
        history=StatusChange,
        statuses=Status,
        table=_answer_moves(),
        apply=_apply_move,
        announce=_announce_move,
        parent="request",
        reason_field="comment",
        forbidden_message=gettext_lazy("You may not make this move on this request."),
        related=("plan", "service", "requester", "vnpt_unit", "assignee"),
        illegal_message=lambda request, old, new: (
            _("A request that is “%(old)s” cannot become “%(new)s”.")
            % {"old": Status(old).label, "new": Status(new).label}
        ),
        stale_message=lambda request, new: (
            _("Someone else already moved this request to “%(status)s”. Reload and check.")
            % {"status": Status(request.status).label}
        ),
    )
)


def set_status(
    *,
    request: ServiceRequest,
    new_status: str,
    by: User,
    comment: str = "",
    expected_status: str | None = None,
    **given: Any,
) -> ServiceRequest:
    """Move a request along the pipeline (partnership.workflow), or raise a RequestError.

    `expected_status` is the status the user saw; if someone moved it in the meantime the
    move is refused (StaleTransition) instead of silently applied to a different state.
    `given`: what the move needs besides the comment (see complete_request, confirm_request).
    """
    workflow.transition(
        request, new_status, by=by, expected=expected_status or None, reason=comment, **given
    )
    request.refresh_from_db()
    return request


def complete_request(
    *,
    request: ServiceRequest,
    by: User,
    contract_number: str,
    activated_on: datetime.date | None,
    comment: str = "",
    expected_status: str | None = None,
) -> ServiceRequest:
    """VNPT marks the work done and says what it delivered; the requesting unit is asked to
    confirm it within SERVICE_CONFIRMATION_WORKING_DAYS working days."""
    number = (contract_number or "").strip()
    delivered = ""
    if number and activated_on:
        with translation.override(settings.LANGUAGE_CODE):  # the history's language
            delivered = _("Contract or subscriber number %(number)s, activated on %(day)s.") % {
                "number": number,
                "day": f"{activated_on:%d/%m/%Y}",
            }
    return set_status(
        request=request,
        new_status=S.COMPLETED,
        by=by,
        comment=f"{delivered} {(comment or '').strip()}".strip(),
        expected_status=expected_status,
        contract_number=number,
        activated_on=activated_on,
    )


def confirm_request(
    *,
    request: ServiceRequest,
    by: User,
    rating: int | None,
    comment: str = "",
    expected_status: str | None = None,
) -> ServiceRequest:
    """The requesting unit confirms that the delivered service works, rating it 1–5."""
    comment = (comment or "").strip()
    with translation.override(settings.LANGUAGE_CODE):  # the history's language
        text = _("Satisfaction: %(rating)s/5.") % {"rating": rating} if rating else ""
    return set_status(
        request=request,
        new_status=S.CONFIRMED,
        by=by,
        comment=f"{text} {comment}".strip(),
        expected_status=expected_status,
        rating=rating,
        rating_comment=comment,
    )


def reopen_request(
    *, request: ServiceRequest, by: User, reason: str, expected_status: str | None = None
) -> ServiceRequest:
    """The requesting unit says the service does not work: the request goes back to VNPT's
    queue (in progress), to be completed again."""
    return set_status(
        request=request,
        new_status=S.IN_PROGRESS,
        by=by,
        comment=reason,
        expected_status=expected_status,
    )


def awaiting_confirmation(*, today: datetime.date) -> QuerySet[ServiceRequest]:
    """Completed requests whose confirmation day has passed."""
    return ServiceRequest.objects.filter(status=S.COMPLETED, confirmation_due__lt=today).order_by(
        "confirmation_due", "pk"
    )


def auto_confirm_completed(*, today: datetime.date | None = None) -> int:
    """Confirm, as the portal, the completions nobody confirmed or reopened within
    SERVICE_CONFIRMATION_WORKING_DAYS working days (the day after the confirmation day).

    Each is its own transaction: one refused (moved meanwhile) leaves the others."""
    today = today or timezone.localdate()
    days = settings.SERVICE_CONFIRMATION_WORKING_DAYS
    with translation.override(settings.LANGUAGE_CODE):  # the history is read in Vietnamese
        reason = _(
            "Confirmed by the portal: not confirmed or reopened within %(n)s working days."
        ) % {"n": days}
    count = 0
    for pk in awaiting_confirmation(today=today).values_list("pk", flat=True).iterator():
        try:
            workflow.transition(
                ServiceRequest(pk=pk), S.CONFIRMED, by=None, expected=S.COMPLETED, reason=reason
            )
        except workflow.WorkflowError:  # confirmed or reopened at the same moment
            continue
        count += 1
    return count


def allowed_moves(request: ServiceRequest, user: User) -> list[str]:
    """The statuses this user may move the request to now (for the buttons)."""
    # Answering a need-info is done by replying, not with a bare button.
    return [s for s in WORKFLOW.allowed(request, user) if s != S.SUBMITTED]


def claim_request(*, request: ServiceRequest, by: User) -> ServiceRequest:
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


# The form whose kept file goes with a message (partnership.files.PendingUpload.purpose).
MESSAGE_UPLOADS = "services.message"


def post_message(
    *,
    request: ServiceRequest,
    by: User,
    body: str,
    attachment: File | str | None = None,
    attachment_name: str = "",
    pending_token: str | None = None,
) -> Message:
    """A message in the request's thread; the requester answering a need-info sends it back.

    `attachment` is a checked file; without one, the file `by` kept with `pending_token`
    (a form re-shown after an error) goes with the message.
    """
    body = (body or "").strip()
    vnpt_side = can_act_as_vnpt(by, request)
    if not vnpt_side and not can_act_as_requester(by, request):
        raise IllegalTransition(_("You may not write on this request."))
    with transaction.atomic():
        if not attachment and pending_token:
            for kept in claim_uploads(by=by, purpose=MESSAGE_UPLOADS, tokens=[pending_token]):
                attachment, attachment_name = kept.file.name, kept.original_name
        if not body and not attachment:
            raise RequestError(_("Write a message or attach a file."))
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


def reroute_request(
    *,
    request: ServiceRequest,
    vnpt_unit: Unit,
    by: User,
    assignee: User | None = None,
    reason: str = "",
) -> ServiceRequest:
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
        workflow.record_note(locked, by=by, comment=f"{note} {reason}".strip())
        _notify(
            locked,
            "request_rerouted",
            actor=by,
            context={"from": old.name, "to": vnpt_unit.name, "reason": reason},
            also=liaisons_of(old),
        )
    request.refresh_from_db()
    return locked


def remind_overdue(*, today: datetime.date | None = None) -> int:
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
            # Overdue: it has a first response due.
            _remind(request, "request_overdue", due=str(request.first_response_due))
            due = request.first_response_due
            emit_webhook(request, "request_overdue", {"due": due.isoformat() if due else None})
            ServiceRequest.objects.filter(pk=request.pk).update(reminded_at=timezone.now())
        count += 1
    return count


# --- corrections in the administration ----------------------------------------------------


def correct_request(
    *,
    request: ServiceRequest,
    by: User,
    plan: Plan | None = None,
    submitted_at: datetime.datetime | None = None,
) -> ServiceRequest:
    """An administrator puts a request on another plan (of another service, maybe) or day.

    The popularity counts (services.demand) follow: the request is uncounted where it was
    and counted where it is now, in the same transaction.
    """
    with transaction.atomic():
        locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        before = (locked.service_id, locked.submitted_at)
        fields: list[str] = []
        if plan is not None and plan.pk != locked.plan_id:
            locked.plan, locked.service_id = plan, plan.service_id
            fields += ["plan", "service"]
        if submitted_at is not None and submitted_at != locked.submitted_at:
            locked.submitted_at = submitted_at
            fields.append("submitted_at")
        if not fields:
            return locked
        locked.save(update_fields=[*fields, "updated_at"])
        after = (locked.service_id, locked.submitted_at)
        if (before[0], demand.day_of(before[1])) != (after[0], demand.day_of(after[1])):
            demand.record(*before, -1)
            demand.record(*after, +1)
    request.refresh_from_db()
    return locked


def delete_requests(*, requests: Iterable[ServiceRequest], by: User) -> int:
    """Delete requests (an administrator's clean-up) and uncount them from the popularity."""
    with transaction.atomic():
        rows = list(
            ServiceRequest.objects.select_for_update()
            .filter(pk__in=[r.pk for r in requests])
            .values_list("pk", "service_id", "submitted_at")
        )
        for _pk, service_id, submitted_at in rows:
            demand.record(service_id, submitted_at, -1)
        deleted, _by_model = ServiceRequest.objects.filter(pk__in=[r[0] for r in rows]).delete()
    return len(rows)


# --- deadlines: reminders before the due date, escalation to VNPT headquarters ------------


def _remind(
    request: ServiceRequest, event: str, *, also: Iterable[User] = (), **context: Any
) -> None:
    """A deadline notice to the branch handling `request` (its assignee and liaisons) and to
    `also`; `context` adds to the request's reference and service."""
    notify(
        recipients=[*also, request.assignee, *liaisons_of(request.vnpt_unit)],
        event=f"services.{event}",
        category=categories.REMINDERS,
        obj=request,
        context={"reference": request.reference, "service": request.service.name, **context},
    )


def _alert_once(
    request: ServiceRequest, kind: str, threshold: int, send: Callable[[], None]
) -> bool:
    """Record the alert and send it in one transaction; False if it was already sent."""
    try:
        with transaction.atomic():
            _alert, created = DeadlineAlert.objects.get_or_create(
                request=request, kind=kind, threshold=threshold
            )
            if created:
                send()
    except IntegrityError:  # the same alert recorded at the same moment by another worker
        return False
    return created


def _alerted(kind: str, threshold: int) -> Exists:
    return Exists(
        DeadlineAlert.objects.filter(request=OuterRef("pk"), kind=kind, threshold=threshold)
    )


def _awaiting_first_response() -> QuerySet[ServiceRequest]:
    return (
        ServiceRequest.objects.filter(
            status=S.SUBMITTED, first_response_at__isnull=True, first_response_due__isnull=False
        )
        .select_related("plan", "service", "unit", "requester", "vnpt_unit", "assignee")
        .order_by("first_response_due", "pk")
    )


def send_deadline_alerts(*, today: datetime.date | None = None) -> dict[str, int]:
    """Remind the branch of requests due within SERVICE_REMINDER_WORKING_DAYS working days,
    and escalate to VNPT headquarters those overdue by SERVICE_ESCALATION_WORKING_DAYS.

    Each alert is sent once per request and threshold (services.DeadlineAlert), however
    often the beat task runs."""
    from partnership.organisations.models import Kind, Unit

    today = today or timezone.localdate()
    before = settings.SERVICE_REMINDER_WORKING_DAYS
    after = settings.SERVICE_ESCALATION_WORKING_DAYS
    sent = {"reminders": 0, "escalations": 0}
    waiting = _awaiting_first_response()
    # Reminders: due today or within `before` working days (a calendar bound first).
    soon = waiting.filter(
        first_response_due__gte=today,
        first_response_due__lte=add_working_days(today, before),
    ).exclude(_alerted(DeadlineAlert.Kind.REMINDER, before))
    for request in soon:
        due = request.first_response_due
        assert due is not None  # _awaiting_first_response: dated requests only
        remind = partial(_remind, request, "request_due_soon", due=due.isoformat())
        sent["reminders"] += _alert_once(request, DeadlineAlert.Kind.REMINDER, before, remind)
    # Escalations: overdue by `after` working days or more.
    late = waiting.filter(first_response_due__lt=today).exclude(
        _alerted(DeadlineAlert.Kind.ESCALATION, after)
    )
    headquarters = [
        user
        for unit in Unit.objects.active().filter(kind=Kind.VNPT_GROUP)
        for user in liaisons_of(unit)
    ]
    for request in late:
        due = request.first_response_due
        assert due is not None  # _awaiting_first_response: dated requests only
        overdue_by = working_days_between(due, today)
        if overdue_by < after:
            continue
        escalate = partial(
            _remind,
            request,
            "request_escalated",
            also=headquarters,
            branch=request.vnpt_unit.name,
            due=due.isoformat(),
            working_days=overdue_by,
        )
        sent["escalations"] += _alert_once(request, DeadlineAlert.Kind.ESCALATION, after, escalate)
    return sent
