"""axe-core on the idea bank's pages, in Vietnamese, at 1280 px and 375 px."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from ideas.models import Idea, ReviewAssignment, Status
from partnership.accounts.models import User
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SERIOUS = {"serious", "critical"}


@pytest.fixture
def demo(org_tree, settings, live_server):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    for user in User.objects.filter(
        email__in=[
            "member@example.com",
            "admin@example.com",
            "reviewer@example.com",
            "officer.hanoi@example.com",
        ]
    ):
        user.set_password(PASSWORD)
        user.save()


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
    axe = Axe()
    contexts, failures = {}, []
    for name, email, path in _pages():
        if email not in contexts:
            context = browser.new_context(locale="vi-VN", base_url=live_server.url, bypass_csp=True)
            page = context.new_page()
            if email:
                page.goto("/account/login/")
                page.locator("#id_login").fill(email)
                page.locator("#id_password").fill(PASSWORD)
                page.locator("form.form button[type=submit]").click()
                page.wait_for_load_state()
            contexts[email] = (context, page)
        page = contexts[email][1]
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(path)
            assert response.status == 200, f"{name}: {response.status}"
            for v in axe.run(page).response["violations"]:
                if v["impact"] in SERIOUS:
                    targets = [n["target"] for n in v["nodes"]][:3]
                    failures.append(f"{name} @{width}px: {v['id']}: {v['help']} {targets}")
    for context, _page in contexts.values():
        context.close()
    assert not failures, "\n".join(failures)
