"""The idea rules live in ideas.actions: the field list, the co-author limit and the sections
needed before submitting. The actions refuse on their own; the form and the Excel import
show the action's own message and keep what was typed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from ideas import actions
from ideas.forms import IdeaForm
from ideas.models import CoAuthor, Idea, Status

from .conftest import FULL
from .test_import import row, workbook

pytestmark = pytest.mark.django_db

SIX = [f"p{i}@doan-vnpt.test" for i in range(6)]


def test_the_form_edits_exactly_the_fields_the_action_writes():
    assert tuple(IdeaForm._meta.fields) == actions.IDEA_FIELDS


def test_too_many_co_authors(client, member, agri, make_idea):
    fields = {"title": "Máy sấy", "field": agri, **FULL}
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        actions.save_idea(idea=None, author=member, by=member, fields=fields, co_author_emails=SIX)
    message = caught.value.message_dict["co_authors"]
    assert message == ["At most 5 co-authors (you listed 6)."]
    assert not Idea.objects.exists()
    idea = make_idea(member)
    with pytest.raises(ValidationError):
        actions.set_co_authors(idea=idea, emails=SIX, by=member)
    assert not CoAuthor.objects.exists()

    client.force_login(member)
    client.cookies["portal_language"] = "en"
    data = {"title": "Máy sấy nông sản", "field": agri.pk, "intent": "draft", **FULL}
    response = client.post(reverse("ideas:new"), {**data, "co_authors": "\n".join(SIX)})
    form = response.context["form"]
    assert form.errors["co_authors"] == message
    assert form["co_authors"].value() == "\n".join(SIX)
    assert form["problem"].value() == FULL["problem"]
    assert Idea.objects.count() == 1  # only the one made above


def test_a_submitted_idea_needs_every_section(member, make_idea):
    idea = make_idea(member, problem="  ", impact="")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        actions.transition(idea=idea, to=Status.SUBMITTED, by=member)
    assert set(caught.value.message_dict) == {"problem", "impact"}
    assert actions.missing_to_submit({**FULL, "problem": " ", "impact": None}) == [
        "problem",
        "impact",
    ]
    idea.refresh_from_db()
    assert idea.status == Status.DRAFT


def test_the_import_names_the_sections_the_action_misses(client, make_user, member, agri):
    """(It used to fail with a 500: the labels are lazy strings and were joined as such.)"""
    officer = make_user("union_officer", unit="Thành đoàn Hà Nội")
    client.force_login(officer)
    client.cookies["portal_language"] = "en"
    upload = workbook([row(member.email, c5="", c7="")])  # no problem, no impact
    response = client.post(reverse("ideas:import"), {"file": upload})
    [result] = response.context["report"]
    assert len(result.errors) == 1
    assert "Problem" in result.errors[0] and "Expected impact" in result.errors[0]
    assert "solution" not in result.errors[0].lower()
    assert not Idea.objects.exists()
