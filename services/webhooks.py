"""The request events a unit's webhook endpoints receive (partnership.notifications.webhooks).

`emit()` is called by the actions next to their notify(): same transaction, so an event is
sent exactly when its change committed."""

from django.utils.translation import gettext_lazy as _

from partnership.notifications.actions import emit_event
from partnership.notifications.webhooks import register_event

# notify() event of services.actions → webhook event
EVENTS = {
    "request_submitted": "request.submitted",
    "request_status_changed": "request.moved",
    "request_rerouted": "request.moved",
    "request_message": "request.message_added",
    "request_overdue": "request.overdue",
}
LABELS = {
    "request.submitted": _("Request submitted"),
    "request.moved": _("Request moved (status or branch changed)"),
    "request.message_added": _("Message added to a request"),
    "request.overdue": _("Request overdue"),
}


def register() -> None:
    for name, label in LABELS.items():
        register_event(name, label)


def emit(request, event: str, context: dict | None = None) -> None:
    """Tell the webhook endpoints of the handling VNPT unit and of the requesting unit."""
    name = EVENTS.get(event)
    if name is None:
        return
    payload = {
        "reference": request.reference,
        "status": request.status,
        "service": request.service.name,
        "plan": request.plan.name,
        "quantity": request.quantity,
        "unit": request.unit_id,
        "vnpt_unit": request.vnpt_unit_id,
        "submitted_at": request.submitted_at.isoformat() if request.submitted_at else None,
        "first_response_due": (
            request.first_response_due.isoformat() if request.first_response_due else None
        ),
        "change": {k: v for k, v in (context or {}).items() if k != "message"},
    }
    if "message" in (context or {}):
        payload["message"] = context["message"]
    for unit_id in dict.fromkeys([request.vnpt_unit_id, request.unit_id]):
        if unit_id is not None:
            unit = request.vnpt_unit if unit_id == request.vnpt_unit_id else request.unit
            emit_event(unit=unit, event=name, payload=payload)
