"""Amendments in a real Chromium: the author amends a published idea, the history shows both
versions with the word difference, and the reviewer sees what changed since their review."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ideas import actions
from ideas.models import ReviewAssignment, Status
from tests.factories import idea_field, logged_in, make_idea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_author_amends_and_reviewer_sees_what_changed(
    browser, live_server, make_user, org_tree, shots
):
    author = make_user("member", unit="Tỉnh đoàn Nghệ An")
    admin = make_user("content_admin", unit="trung-uong-doan")
    reviewer = make_user("reviewer", unit="Thành đoàn Đà Nẵng")
    idea = make_idea(
        author,
        status=Status.UNDER_REVIEW,
        field=idea_field(),
        title="Máy sấy nông sản mini",
        summary="Máy sấy nhỏ dùng điện lưới cho từng hộ.",
    )
    review = actions.assign_reviewer(idea=idea, reviewer=reviewer, by=admin)
    scored = timezone.now() - datetime.timedelta(days=2)
    ReviewAssignment.objects.filter(pk=review.pk).update(completed_at=scored)

    page = logged_in(browser, live_server.url, author)
    page.goto(f"/ideas/{idea.pk}/")
    page.locator("#amend-link").click()
    expect(page).to_have_url(re.compile(rf"/ideas/{idea.pk}/amend/$"))
    page.locator("#id_summary").fill("Máy sấy nhỏ dùng điện mặt trời cho từng hộ.")
    page.locator("form.form button[type=submit]").click()
    # no note: the form says what is missing and keeps the new summary
    expect(page.locator("#id_note")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_summary")).to_have_value("Máy sấy nhỏ dùng điện mặt trời cho từng hộ.")
    page.locator("#id_note").fill("Chuyển sang điện mặt trời")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/ideas/{idea.pk}/versions/$"))
    expect(page.locator("article.version")).to_have_count(2)
    latest = page.locator("article.version").first
    expect(latest).to_contain_text("Chuyển sang điện mặt trời")
    expect(latest.locator(".diff del")).to_contain_text("lưới")
    expect(latest.locator(".diff ins")).to_contain_text("mặt trời")
    shots(page, "ideas-versions")
    page.goto(f"/ideas/{idea.pk}/")
    expect(page.locator(".version-banner")).to_be_visible()
    page.context.close()

    rev = logged_in(browser, live_server.url, reviewer)
    rev.goto("/ideas/reviews/")
    expect(rev.locator("tbody tr .tag-warn")).to_have_count(1)  # amended since the review
    rev.get_by_role("link", name=idea.title).click()
    expect(rev).to_have_url(re.compile(rf"/ideas/reviews/{review.pk}/$"))
    changed = rev.locator(".changed-since")
    expect(changed).to_be_visible()
    expect(changed).to_contain_text(
        scored.astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y")
    )
    expect(changed.locator(".diff ins")).to_contain_text("mặt trời")
    shots(rev, "ideas-review-changed")
    rev.context.close()


def test_after_the_shortlist_the_officer_approves(browser, live_server, make_user, org_tree, shots):
    author = make_user("member", unit="Tỉnh đoàn Nghệ An")
    officer = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    admin = make_user("content_admin", unit="trung-uong-doan")
    idea = make_idea(author, status=Status.UNDER_REVIEW, field=idea_field())
    actions.transition(idea=idea, to=Status.SHORTLISTED, by=admin)
    old_summary = idea.summary

    page = logged_in(browser, live_server.url, author)
    page.goto(f"/ideas/{idea.pk}/amend/")
    page.locator("#id_summary").fill("Bản tóm tắt sau vòng chung khảo.")
    page.locator("#id_note").fill("Cập nhật kết quả thử nghiệm")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/ideas/{idea.pk}/versions/$"))
    expect(page.locator("article.version").first).to_contain_text("Cập nhật kết quả thử nghiệm")
    page.goto(f"/ideas/{idea.pk}/")
    expect(page.locator("#amend-link")).to_have_count(0)  # one amendment waits at a time
    page.context.close()

    visitor = browser.new_page(base_url=live_server.url)
    visitor.goto(f"/ideas/{idea.pk}/")
    expect(visitor.locator(".idea-layout")).to_contain_text(old_summary)
    visitor.close()

    mod = logged_in(browser, live_server.url, officer)
    mod.goto(f"/ideas/{idea.pk}/versions/")
    decision = mod.locator("form[action*='/amendments/']")
    decision.locator("input[value=reject]").check()
    decision.locator("button").click()  # no reason: refused, said, nothing recorded
    expect(mod.locator(".messages, .message").first).to_be_visible()
    shots(mod, "ideas-amendment-decision")
    mod.locator("form[action*='/amendments/'] input[value=approve]").check()
    mod.locator("form[action*='/amendments/'] button").click()
    mod.goto(f"/ideas/{idea.pk}/")
    expect(mod.locator(".idea-layout")).to_contain_text("Bản tóm tắt sau vòng chung khảo.")
    expect(mod.locator(".version-banner")).to_be_visible()
    mod.context.close()
    assert idea.versions.get(number=2).status_changes.last().by == officer
