"""Two moderators screening the same idea at once, on two real PostgreSQL connections."""

import pytest
from django.db import connection

from ideas import actions
from ideas.models import Field, Idea, Status
from tests.concurrency import second_move_while_first_holds_the_lock
from tests.factories import make_idea

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_accept_and_reject_at_once_one_wins_the_other_is_told(make_user):
    author = make_user("member", unit="Đoàn Trường Đại học Vinh")
    first = make_user("content_admin", unit="trung-uong-doan")
    second = make_user("content_admin", unit="trung-uong-doan")
    field = Field.objects.create(name="Nông nghiệp", slug="nong-nghiep-cc")
    idea = make_idea(author, field=field, status=Status.SCREENING, summary="Sấy khô")
    second_said = second_move_while_first_holds_the_lock(
        lambda: actions.transition(idea=idea, to=Status.UNDER_REVIEW, by=first),
        lambda: actions.transition(
            idea=Idea.objects.get(pk=idea.pk), to=Status.REJECTED, by=second, reason="Trùng lặp"
        ),
        refused=actions.TransitionError,
    )
    assert second_said != "moved" and second_said
    idea.refresh_from_db()
    assert idea.status == Status.UNDER_REVIEW
    assert list(idea.status_changes.values_list("old_status", "new_status")) == [
        (Status.SCREENING, Status.UNDER_REVIEW)
    ]
