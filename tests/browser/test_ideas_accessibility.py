"""axe-core on the idea bank's pages, in Vietnamese, at 1280 px and 375 px."""

import pytest

from ideas.models import Idea, IdeaVersion, ReviewAssignment, Status
from tests.browser.axe_check import load_demo, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(org_tree, settings, live_server):
    load_demo(
        settings,
        "member@doan-vnpt.test",
        "admin@doan-vnpt.test",
        "reviewer@doan-vnpt.test",
        "officer.hanoi@doan-vnpt.test",
    )


def _pages():
    awarded = Idea.objects.filter(status=Status.AWARDED, consent_to_publish=True).first()
    draft = Idea.objects.filter(status=Status.DRAFT, author__email="member@doan-vnpt.test").first()
    review = ReviewAssignment.objects.filter(reviewer__email="reviewer@doan-vnpt.test").first()
    amended = IdeaVersion.objects.get(number=3).idea_id
    pending = IdeaVersion.objects.get(status="pending").idea_id
    return [
        ("versions", None, f"/ideas/{amended}/versions/"),
        ("versions-pending", "admin@doan-vnpt.test", f"/ideas/{pending}/versions/"),
        ("gallery", None, "/ideas/"),
        ("gallery-search", None, "/ideas/?q=nong+nghiep&sort=supported"),
        ("campaign", None, "/ideas/campaigns/tuoi-tre-sang-tao-2026/"),
        ("idea", None, f"/ideas/{awarded.pk}/"),
        ("idea-member", "member@doan-vnpt.test", f"/ideas/{awarded.pk}/"),
        ("new", "member@doan-vnpt.test", "/ideas/new/"),
        ("mine", "member@doan-vnpt.test", "/ideas/mine/"),
        ("edit", "member@doan-vnpt.test", f"/ideas/{draft.pk}/edit/"),
        ("submit", "member@doan-vnpt.test", f"/ideas/{draft.pk}/submit/"),
        ("idea-admin", "admin@doan-vnpt.test", f"/ideas/{awarded.pk}/"),
        ("moderate", "admin@doan-vnpt.test", "/ideas/moderate/"),
        ("reviews", "reviewer@doan-vnpt.test", "/ideas/reviews/"),
        ("review", "reviewer@doan-vnpt.test", f"/ideas/reviews/{review.pk}/"),
        ("dashboard", "officer.hanoi@doan-vnpt.test", "/ideas/dashboard/"),
        ("on-behalf", "officer.hanoi@doan-vnpt.test", "/ideas/on-behalf/"),
        ("import", "officer.hanoi@doan-vnpt.test", "/ideas/on-behalf/import/"),
    ]


def test_idea_pages_have_no_serious_violations(browser, live_server, demo):
    pages = [(email, path) for _name, email, path in _pages()]
    failures = serious_violations(browser, live_server.url, pages)
    assert not failures, "\n".join(failures)
