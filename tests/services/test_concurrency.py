"""Two liaisons moving the same request at once, on two real PostgreSQL connections."""

import threading

import pytest
from django.db import connection, connections, transaction

from services import actions
from services.models import ServiceRequest, Status

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL (SQLite locks the file)",
    ),
]


def test_two_liaisons_at_once_one_wins_the_other_is_told(
    catalogue, nghean_officer, nghean_liaison, make_user, submit
):
    other = make_user("vnpt_liaison", unit="VNPT Nghệ An")
    request = submit(nghean_officer)
    outcome = {}
    started = threading.Event()

    def second_liaison():
        started.set()
        try:
            actions.set_status(
                request=ServiceRequest.objects.get(pk=request.pk),
                new_status=Status.REJECTED,
                by=other,
                comment="Trùng yêu cầu",
                expected_status=Status.SUBMITTED,
            )
            outcome["second"] = "moved"
        except actions.StaleTransition as exc:
            outcome["second"] = str(exc)
        finally:
            connections.close_all()

    with transaction.atomic():
        # The first liaison holds the row lock while the second one tries.
        actions.set_status(
            request=request,
            new_status=Status.ACCEPTED,
            by=nghean_liaison,
            expected_status=Status.SUBMITTED,
        )
        thread = threading.Thread(target=second_liaison)
        thread.start()
        started.wait(5)
        thread.join(0.5)
        assert thread.is_alive(), "the second move must wait for the first one's lock"
    thread.join(10)
    assert outcome["second"] != "moved"
    request.refresh_from_db()
    assert request.status == Status.ACCEPTED
    assert list(request.status_changes.values_list("new_status", flat=True)) == [
        Status.SUBMITTED,
        Status.ACCEPTED,
    ]


def test_two_claims_at_once(catalogue, nghean_officer, nghean_liaison, make_user, submit):
    other = make_user("vnpt_liaison", unit="VNPT Nghệ An")
    request = submit(nghean_officer)
    outcome = {}

    def second_claim():
        try:
            actions.claim_request(request=ServiceRequest.objects.get(pk=request.pk), by=other)
            outcome["second"] = "claimed"
        except actions.StaleTransition:
            outcome["second"] = "refused"
        finally:
            connections.close_all()

    with transaction.atomic():
        actions.claim_request(request=request, by=nghean_liaison)
        thread = threading.Thread(target=second_claim)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive()
    thread.join(10)
    assert outcome["second"] == "refused"
    request.refresh_from_db()
    assert request.assignee == nghean_liaison
