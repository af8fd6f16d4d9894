"""The miss-path helpers write what Django would: selects, and choice labels per language."""

import re

import pytest
from django import forms
from django.utils import translation
from django.utils.safestring import mark_safe

from agreements.models import ReportStatus
from ideas.models import Idea, Status
from partnership.labels import choice_label
from partnership.widgets import QuickSelect

CASES = [
    ([("", "All"), ("a&b", "A <b>"), (1, "one"), (None, "none")], "a&b", {"id": "id_x"}),
    ([("", "All"), ("G<", [("x", "X"), ("y", mark_safe("<i>y</i>"))]), ("x", "dup")], "x", {}),
    ([("1", "a"), ("2", "b")], None, {"required": True, "aria-invalid": "true"}),
    ([("1", "a"), ("2", "b")], 2, {"disabled": False}),
]


def _folded(html):
    """Whitespace between tags dropped, the select's attributes in one order (flatatt writes
    the valued ones before the boolean ones, Django's template in the given order)."""
    html = re.sub(r">\s+<", "><", html.strip())
    return re.sub(
        r"<select ([^>]*)>", lambda m: "<select " + " ".join(sorted(m[1].split())) + ">", html
    )


@pytest.mark.parametrize(("choices", "value", "attrs"), CASES)
def test_quick_select_writes_what_django_select_writes(choices, value, attrs):
    django_html = forms.Select(choices=choices).render("n", value, dict(attrs))
    quick_html = QuickSelect(choices=choices).render("n", value, dict(attrs))
    assert _folded(quick_html) == _folded(django_html)


def test_quick_select_multiple():
    choices = [("1", "a"), ("2", "b"), ("3", "c")]
    quick = QuickSelect(choices=choices)
    quick.allow_multiple_selected = True
    django_html = forms.SelectMultiple(choices=choices).render("n", ["1", "3"], {"id": "i"})
    assert _folded(quick.render("n", ["1", "3"], {"id": "i"})) == _folded(django_html)


def test_choice_labels_follow_the_language():
    with translation.override("en"):
        assert choice_label(ReportStatus, "approved") == "Approved"
        assert Idea(status=Status.AWARDED).get_status_display() == str(Status.AWARDED.label)
    with translation.override("vi"):
        assert choice_label(ReportStatus, "approved") == str(ReportStatus.APPROVED.label)
        assert choice_label(ReportStatus, "approved") != "Approved"
    assert choice_label(ReportStatus, "no-such-status") == "no-such-status"
