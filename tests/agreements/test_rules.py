"""The report rules live in agreements.actions: each action refuses on its own, and the forms
show the action's own message on the field, keeping what was typed."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from agreements import actions
from agreements.models import ProgressReport, ReportStatus

pytestmark = pytest.mark.django_db


def _create(indicator, officer, *, year=2021, quarter=1):
    return actions.create_report(
        indicator=indicator,
        unit=officer.unit,
        year=year,
        quarter=quarter,
        value=Decimal("1"),
        narrative="Đã triển khai.",
        by=officer,
    )


def _refusal(call):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def _post_report(client, indicator, officer, **data):
    client.force_login(officer)
    client.cookies["portal_language"] = "en"
    payload = {
        "unit": officer.unit_id,
        "year": 2021,
        "quarter": 1,
        "value": "7",
        "narrative": "Giữ lại nội dung này",
        **data,
    }
    return client.post(reverse("agreements:report_create", args=[indicator.pk]), payload)


def test_a_period_outside_the_term(client, union_indicator, hanoi_officer):
    refused = _refusal(lambda: _create(union_indicator, hanoi_officer, year=2018, quarter=4))
    assert refused == {
        "quarter": ["This period is outside the agreement's term (23/08/2019–31/12/2022)."]
    }

    response = _post_report(client, union_indicator, hanoi_officer, year=2018, quarter=4)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["quarter"] == refused["quarter"]
    assert (form["value"].value(), form["narrative"].value()) == ("7", "Giữ lại nội dung này")
    assert not ProgressReport.objects.exists()


def test_a_second_report_for_the_same_period(client, union_indicator, hanoi_officer):
    _create(union_indicator, hanoi_officer)
    refused = _refusal(lambda: _create(union_indicator, hanoi_officer))
    assert refused == {
        "quarter": ["Your unit already has a report on this indicator for this period."]
    }

    response = _post_report(client, union_indicator, hanoi_officer)
    form = response.context["form"]
    assert form.errors["quarter"] == refused["quarter"]
    assert form["narrative"].value() == "Giữ lại nội dung này"
    assert ProgressReport.objects.count() == 1


def test_a_return_says_what_needs_fixing(client, union_indicator, hanoi_officer, hanoi_liaison):
    report = _create(union_indicator, hanoi_officer)
    actions.submit_report(report=report, by=hanoi_officer)
    refused = _refusal(lambda: actions.return_report(report=report, by=hanoi_liaison, comment=" "))
    assert refused == {"comment": ["Say what needs fixing when you return a report."]}

    from agreements.forms import ReviewForm

    with translation.override("en"):
        form = ReviewForm({"decision": "return", "comment": "  "})
        assert not form.is_valid()
    assert form.errors["comment"] == refused["comment"]
    assert form["decision"].value() == "return"
    assert ReviewForm({"decision": "approve", "comment": ""}).is_valid()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_who_may_reopen_and_why(client, union_indicator, hanoi_officer, hanoi_liaison, admin_user):
    report = _create(union_indicator, hanoi_officer)
    actions.submit_report(report=report, by=hanoi_officer)
    assert not actions.may_reopen(admin_user, report)  # not approved yet
    with pytest.raises(actions.TransitionError):
        actions.reopen_report(report=report, by=admin_user, comment="Sai kỳ.")
    actions.approve_report(report=report, by=hanoi_liaison)
    report.refresh_from_db()

    assert actions.may_reopen(admin_user, report)
    assert not actions.may_reopen(hanoi_officer, report)
    assert not actions.may_reopen(hanoi_liaison, report)
    with pytest.raises(PermissionDenied):
        actions.reopen_report(report=report, by=hanoi_liaison, comment="Sai kỳ.")
    refused = _refusal(lambda: actions.reopen_report(report=report, by=admin_user, comment=" "))
    assert refused == {"comment": ["Say why the report is reopened."]}
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED

    # The page offers the reopening only to whom the action allows.
    client.force_login(hanoi_liaison)
    assert "reopen-title" not in client.get(report.get_absolute_url()).content.decode()
    client.force_login(admin_user)
    client.cookies["portal_language"] = "en"
    assert "reopen-title" in client.get(report.get_absolute_url()).content.decode()
    url = reverse("agreements:report_reopen", args=[report.pk])
    page = client.post(url, {"comment": "  "}, follow=True).content.decode()
    assert "Say why the report is reopened." in page
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
