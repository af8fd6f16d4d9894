"""The officer's idea dashboard: submissions per month and per field, drawn as charts with
their data tables."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas import selectors
from ideas.models import Idea, Status

pytestmark = pytest.mark.django_db


def test_submissions_per_month_and_per_field(
    client, member, make_idea, make_user, django_assert_num_queries
):
    ideas = [make_idea(member, status=Status.SUBMITTED, title=f"Ý tưởng {i}") for i in range(3)]
    tz = timezone.get_current_timezone()
    for idea, month in zip(ideas, (1, 1, 4), strict=True):
        Idea.objects.filter(pk=idea.pk).update(
            submitted_at=datetime.datetime(2021, month, 15, 9, tzinfo=tz)
        )
    officer = make_user("union_officer", unit="Thành đoàn Hà Nội")
    with django_assert_num_queries(1):
        months = selectors.submissions_by_month(selectors.unit_ideas(officer.unit))
    assert months == [
        (datetime.date(2021, 1, 1), 2),
        (datetime.date(2021, 2, 1), 0),
        (datetime.date(2021, 3, 1), 0),
        (datetime.date(2021, 4, 1), 1),
    ]
    assert selectors.submissions_by_month(Idea.objects.none()) == []
    client.force_login(officer)
    response = client.get(reverse("ideas:dashboard"))
    html = response.content.decode()
    assert len(re.findall(r'<svg role="img"[^>]*>', html)) == 2
    data = response.context["data"]
    assert [c.text for c in data["by_month"].columns] == ["2", "0", "0", "1"]
    assert [(b.label, b.text) for b in data["by_field"].bars] == [(ideas[0].field.name, "3")]
    assert 'id="chart-ideas-per-month-table"' in html
    assert 'id="chart-ideas-per-field-table"' in html
