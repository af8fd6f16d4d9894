"""Hostile input at the forms of the three domain apps: a service request and its messages,
an idea and its comments, a quarterly progress report. Never a 500; whatever is stored is
exactly what the form accepted."""

import io
import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.strategies import hostile_text

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

numbers = st.one_of(
    hostile_text, st.integers(-(10**20), 10**20).map(str), st.floats(allow_nan=True).map(str)
)


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    settings.IDEAS_DAILY_CAPS = {"submit": 10**6, "comment": 10**6, "support": 10**6}
    settings.IDEAS_RATE_LIMITS = {
        "submit": (10**6, 1),
        "comment": (10**6, 1),
        "support": (10**6, 1),
    }
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def people(demo):
    from partnership.accounts.models import User

    return {
        k: User.objects.get(email=f"{k}@doan-vnpt.test")
        for k in ["officer.nghean", "member.nghean", "vnpt.nghean"]
    }


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def valid_or(*values):
    """Mostly plausible values, so the accepting path is exercised too, mixed with junk."""
    return st.one_of(st.sampled_from(values), st.sampled_from(values), numbers)


@FUZZ
@given(
    quantity=valid_or("1", "3", "1000", "1001", "0"),
    contact_name=hostile_text,
    contact_phone=hostile_text,
    address=hostile_text,
    wished_on=valid_or("", "2026-12-20", "31/12/2026"),
    note=hostile_text,
)
def test_service_request_form(
    people, count_case, quantity, contact_name, contact_phone, address, wished_on, note
):
    from services.forms import RequestForm
    from services.models import Service, ServiceRequest

    count_case("services: request")
    officer = people["officer.nghean"]
    service = Service.objects.get(slug="mytv")
    data = {
        "plan": service.plans.first().pk,
        "quantity": quantity,
        "contact_name": contact_name,
        "contact_phone": contact_phone,
        "address": address,
        "wished_on": wished_on,
        "note": note,
        "idempotency_key": str(uuid.uuid4()),
    }
    before = set(ServiceRequest.objects.values_list("pk", flat=True))
    response = _client(officer).post(f"/services/{service.slug}/request/", data)
    assert response.status_code in (200, 302, 400)
    created = ServiceRequest.objects.exclude(pk__in=before)
    form = RequestForm(data, service=service, user=officer)
    if created.exists():
        assert form.is_valid(), form.errors
        row = created.get()
        for name in ("quantity", "contact_name", "contact_phone", "address", "wished_on", "note"):
            assert getattr(row, name) == form.cleaned_data[name], name
    else:
        assert response.status_code in (200, 400)


@FUZZ
@given(body=hostile_text)
def test_service_request_message(people, count_case, body):
    from services.models import Message, ServiceRequest

    count_case("services: message")
    officer = people["officer.nghean"]
    request = ServiceRequest.objects.filter(requester=officer).first()
    before = Message.objects.count()
    response = _client(officer).post(
        f"/services/request/{request.reference}/message/", {"body": body}
    )
    assert response.status_code in (302, 400)  # 400: the page again, with the error on the field
    if Message.objects.count() > before:
        assert Message.objects.latest("pk").body == body.strip()


@FUZZ
@given(
    title=hostile_text,
    summary=hostile_text,
    problem=hostile_text,
    solution=hostile_text,
    impact=hostile_text,
    co_authors=hostile_text,
    field=numbers,
)
def test_idea_form(
    people, count_case, title, summary, problem, solution, impact, co_authors, field
):
    from ideas.models import Field, Idea

    count_case("ideas: idea")
    member = people["member.nghean"]
    field_value = field if field.startswith("-") else str(Field.objects.first().pk)
    data = {
        "title": title,
        "summary": summary,
        "problem": problem,
        "solution": solution,
        "impact": impact,
        "field": field_value,
        "co_authors": co_authors,
        "intent": "draft",
        "consent_to_publish": "on",
    }
    before = set(Idea.objects.values_list("pk", flat=True))
    response = _client(member).post("/ideas/new/", data)
    assert response.status_code in (200, 302, 400, 429)
    created = Idea.objects.exclude(pk__in=before)
    if created.exists():
        idea = created.get()
        for name, typed in [
            ("title", title),
            ("summary", summary),
            ("problem", problem),
            ("solution", solution),
            ("impact", impact),
        ]:
            assert getattr(idea, name) == typed.strip(), name


@FUZZ
@given(body=hostile_text)
def test_idea_comment(people, count_case, body):
    from ideas.models import Comment, Idea

    count_case("ideas: comment")
    idea = Idea.objects.filter(status="awarded", consent_to_publish=True).first()
    before = Comment.objects.count()
    response = _client(people["member.nghean"]).post(f"/ideas/{idea.pk}/comment/", {"body": body})
    assert response.status_code in (302, 429)
    if Comment.objects.count() > before:
        assert Comment.objects.latest("pk").body == body.strip()


@FUZZ
@given(
    year=valid_or("2020", "2021", "2022", "2030"),
    quarter=valid_or("1", "2", "3", "4", "5"),
    value=valid_or("0", "12", "3.5", "-1", "1e3"),
    narrative=hostile_text,
)
def test_progress_report_form(people, count_case, year, quarter, value, narrative):
    from agreements.models import ProgressReport
    from partnership.organisations.demo import unit

    count_case("agreements: progress report")
    officer = people["officer.nghean"]
    report = ProgressReport.objects.filter(unit=unit("Tỉnh đoàn Nghệ An")).first()
    data = {
        "unit": report.unit_id,
        "year": year,
        "quarter": quarter,
        "value": value,
        "narrative": narrative,
    }
    before = set(ProgressReport.objects.values_list("pk", flat=True))
    response = _client(officer).post(f"/agreement/indicators/{report.indicator_id}/report/", data)
    assert response.status_code in (302, 400)  # 400: the form again, errors on the fields
    created = ProgressReport.objects.exclude(pk__in=before)
    if created.exists():
        row = created.get()
        assert row.narrative == narrative.strip()
        assert (row.year, row.quarter) == (int(year), int(quarter))
