"""The steps that bring a request to the state a test is about, taken through the actions."""

from django.utils import timezone

from services import actions
from services.models import Status


def start(request, by):
    """The VNPT liaison `by` accepts `request` and starts the work."""
    for status in (Status.ACCEPTED, Status.IN_PROGRESS):
        actions.set_status(request=request, new_status=status, by=by)
    return request


def complete(request, by, contract_number="HĐ-2026/117", activated_on=None):
    """`by` reports the work done: `contract_number`, activated on `activated_on` (today)."""
    return actions.complete_request(
        request=request,
        by=by,
        contract_number=contract_number,
        activated_on=activated_on or timezone.localdate(),
    )


def post_step(client, user, request, step, data):
    """`user` logs in and posts `data` to the request's `step` ("complete", "message"…)."""
    client.force_login(user)
    return client.post(f"/services/request/{request.reference}/{step}/", data)


def post_attachment(client, user, request, body, upload):
    """`user` posts a message with `upload` attached, which is accepted: the message."""
    response = post_step(client, user, request, "message", {"body": body, "attachment": upload})
    assert response.status_code == 302
    return request.messages.get()


def attachment_url(message):
    return f"/services/request/{message.request.reference}/message/{message.pk}/attachment/"
