"""axe-core on the idea bank's pages, in Vietnamese, at 1280 px and 375 px."""

import pytest

from ideas.models import Idea, ReviewAssignment, Status
from tests.browser.axe_check import load_demo, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(org_tree, settings, live_server):
    load_demo(
        settings,
        "member@example.com",
        "admin@example.com",
        "reviewer@example.com",
        "officer.hanoi@example.com",
    )


def _pages():
    awarded = Idea.objects.filter(status=Status.AWARDED, consent_to_publish=True).first()
    draft = Idea.objects.filter(status=Status.DRAFT, author__email="member@example.com").first()
    review = ReviewAssignment.objects.filter(reviewer__email="reviewer@example.com").first()
    return [
        ("gallery", None, "/ideas/"),
        ("gallery-search", None, "/ideas/?q=nong+nghiep&sort=supported"),
        ("campaign", None, "/ideas/campaigns/tuoi-tre-sang-tao-2026/"),
        ("idea", None, f"/ideas/{awarded.pk}/"),
        ("idea-member", "member@example.com", f"/ideas/{awarded.pk}/"),
        ("new", "member@example.com", "/ideas/new/"),
        ("mine", "member@example.com", "/ideas/mine/"),
        ("edit", "member@example.com", f"/ideas/{draft.pk}/edit/"),
        ("submit", "member@example.com", f"/ideas/{draft.pk}/submit/"),
        ("idea-admin", "admin@example.com", f"/ideas/{awarded.pk}/"),
        ("moderate", "admin@example.com", "/ideas/moderate/"),
        ("reviews", "reviewer@example.com", "/ideas/reviews/"),
        ("review", "reviewer@example.com", f"/ideas/reviews/{review.pk}/"),
        ("dashboard", "officer.hanoi@example.com", "/ideas/dashboard/"),
        ("on-behalf", "officer.hanoi@example.com", "/ideas/on-behalf/"),
        ("import", "officer.hanoi@example.com", "/ideas/on-behalf/import/"),
    ]


def test_idea_pages_have_no_serious_violations(browser, live_server, demo):
    pages = [(email, path) for _name, email, path in _pages()]
    failures = serious_violations(browser, live_server.url, pages)
    assert not failures, "\n".join(failures)
