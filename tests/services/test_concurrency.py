"""Two liaisons moving the same request at once, on two real PostgreSQL connections."""

import pytest
from django.db import connection

from services import actions
from services.models import ServiceRequest, Status
from tests.concurrency import second_move_while_first_holds_the_lock

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
    # The first liaison holds the row lock while the second one tries.
    second_said = second_move_while_first_holds_the_lock(
        lambda: actions.set_status(
            request=request,
            new_status=Status.ACCEPTED,
            by=nghean_liaison,
            expected_status=Status.SUBMITTED,
        ),
        lambda: actions.set_status(
            request=ServiceRequest.objects.get(pk=request.pk),
            new_status=Status.REJECTED,
            by=other,
            comment="Trùng yêu cầu",
            expected_status=Status.SUBMITTED,
        ),
        refused=actions.StaleTransition,
    )
    assert second_said != "moved"
    request.refresh_from_db()
    assert request.status == Status.ACCEPTED
    assert list(request.status_changes.values_list("new_status", flat=True)) == [
        Status.SUBMITTED,
        Status.ACCEPTED,
    ]


def test_two_claims_at_once(catalogue, nghean_officer, nghean_liaison, make_user, submit):
    other = make_user("vnpt_liaison", unit="VNPT Nghệ An")
    request = submit(nghean_officer)
    second_said = second_move_while_first_holds_the_lock(
        lambda: actions.claim_request(request=request, by=nghean_liaison),
        lambda: actions.claim_request(request=ServiceRequest.objects.get(pk=request.pk), by=other),
        refused=actions.StaleTransition,
    )
    assert second_said != "moved"  # refused: the claim was taken
    request.refresh_from_db()
    assert request.assignee == nghean_liaison
