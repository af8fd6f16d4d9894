"""The idea bank in a real Chromium: write, submit, screen, review, award; search; support."""

import re

import pytest
from playwright.sync_api import expect

from ideas.models import Field, Idea, Status, Support
from partnership.notifications.models import Notification
from tests.factories import idea_field, logged_in, make_campaign, make_idea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(browser, live_server, user):
    return logged_in(browser, live_server.url, user)


def published(author, field, title, **extra):
    return make_idea(
        author,
        status=Status.UNDER_REVIEW,
        field=field,
        title=title,
        summary="Tóm tắt ý tưởng.",
        **extra,
    )


@pytest.fixture
def agri(db):
    return idea_field()


def test_member_writes_idea_through_to_award(
    browser, live_server, make_user, agri, org_tree, tmp_path, shots
):
    campaign = make_campaign(criteria=[("Tính mới", 2), ("Tính khả thi", 1)])
    other = make_user("member", unit="Tỉnh đoàn Nghệ An")
    existing = published(other, agri, "Máy sấy nông sản năng lượng mặt trời")
    author = make_user("member", unit="Đoàn Thanh niên Đại học Quốc gia Hà Nội")
    friend = make_user("member", unit="Đoàn Trường Đại học Vinh")
    admin = make_user("content_admin", unit="trung-uong-doan")
    reviewers = [
        make_user("reviewer", unit="Tỉnh đoàn Nghệ An"),
        make_user("reviewer", unit="Thành đoàn Đà Nẵng"),
    ]

    page = login(browser, live_server, author)
    page.goto("/ideas/new/")
    page.locator("#id_title").fill("Máy sấy nông sản mini cho hộ gia đình")
    similar = page.locator("#similar-ideas")
    expect(similar).to_be_visible()
    expect(similar).to_contain_text(existing.title)
    page.locator("#id_summary").fill("Máy sấy nhỏ, rẻ, dùng điện mặt trời cho từng hộ.")
    page.locator("#id_field").select_option(str(agri.pk))
    page.locator("#id_campaign").select_option(str(campaign.pk))
    page.locator("button[name=intent][value=draft]").click()
    expect(page).to_have_url(re.compile(r"/ideas/\d+/edit/$"))
    idea = Idea.objects.get(author=author)
    assert idea.status == Status.DRAFT

    pdf = tmp_path / "thuyet-minh.pdf"
    pdf.write_bytes(PDF)
    page.locator("#id_problem").fill("Nông sản hỏng khi mưa kéo dài.")
    page.locator("#id_solution").fill("Máy sấy mini 2 m², khung nhôm, quạt 12 V.")
    page.locator("#id_impact").fill("Giảm 30% thất thoát cho 200 hộ.")
    page.locator("#id_co_authors").fill(friend.email)
    page.locator("#id_files").set_input_files(str(pdf))
    page.locator("#id_consent_to_publish").check()
    shots(page, "ideas-form")
    page.locator("button[name=intent][value=submit]").click()
    expect(page).to_have_url(re.compile(r"/ideas/\d+/submit/$"))
    expect(page.locator("#similar-confirm")).to_contain_text(existing.title)
    expect(page.locator("dl.facts")).to_contain_text("thuyet-minh.pdf")
    expect(page.locator("dl.facts")).to_contain_text(friend.email)
    page.locator("form button[type=submit].button:not(.button-secondary)").last.click()
    expect(page).to_have_url(re.compile(rf"/ideas/{idea.pk}/$"))
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED
    assert idea.attachments.count() == 1 and idea.co_authors.get().user == friend

    mod = login(browser, live_server, admin)
    for status in ["screening", "under_review"]:
        mod.goto(f"/ideas/{idea.pk}/")
        mod.locator("#id_to").select_option(status)
        mod.locator(f"form[action='/ideas/{idea.pk}/decide/'] button").click()
        mod.wait_for_load_state()
    for reviewer in reviewers:
        mod.locator("#id_reviewer").select_option(str(reviewer.pk))
        mod.locator(f"form[action='/ideas/{idea.pk}/assign/'] button").click()
        mod.wait_for_load_state()
    idea.refresh_from_db()
    assert idea.status == Status.UNDER_REVIEW and idea.reviews.count() == 2

    for reviewer, values in zip(reviewers, [("8", "6"), ("7", "9")], strict=True):
        rev = login(browser, live_server, reviewer)
        rev.goto("/ideas/reviews/")
        rev.get_by_role("link", name=idea.title).click()
        for field_input, value in zip(
            rev.locator("input[name^=score_]").all(), values, strict=True
        ):
            field_input.fill(value)
        rev.locator("form.form button[type=submit]").click()
        expect(rev).to_have_url(re.compile(r"/ideas/reviews/$"))
        rev.context.close()
    mod.goto(f"/ideas/{idea.pk}/")
    expect(mod.locator(".moderation")).to_contain_text("2/2")
    for status in ["shortlisted", "awarded"]:
        mod.locator("#id_to").select_option(status)
        mod.locator(f"form[action='/ideas/{idea.pk}/decide/'] button").click()
        mod.wait_for_load_state()
    idea.refresh_from_db()
    assert idea.status == Status.AWARDED
    shots(mod, "ideas-detail-moderator")

    events = list(
        Notification.objects.filter(recipient=author).order_by("pk").values_list("event", flat=True)
    )
    assert events == [
        "ideas.submitted",
        "ideas.screened",
        "ideas.review_finished",
        "ideas.shortlisted",
        "ideas.awarded",
    ]
    assert Notification.objects.filter(recipient=friend, event="ideas.co_author_invited").exists()


def test_visitor_finds_agriculture_without_diacritics(page, make_user, agri, shots):
    author = make_user("member", unit="Tỉnh đoàn Nghệ An")
    edu = Field.objects.create(name="Giáo dục", slug="giao-duc")
    published(author, agri, "Cảm biến độ ẩm đất gửi cảnh báo")
    published(author, edu, "Lớp học lập trình vùng cao")
    page.goto("/ideas/")
    page.locator("#id_q").fill("nong nghiep")
    page.locator("form.filters button[type=submit]").click()
    cards = page.locator(".idea-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Cảm biến độ ẩm đất")
    expect(cards.first).to_contain_text("Nông nghiệp")
    shots(page, "ideas-gallery-search")


def test_member_supports_once(browser, live_server, make_user, agri):
    author = make_user("member", unit="Tỉnh đoàn Nghệ An")
    idea = published(author, agri, "Ngân hàng thời gian cho tình nguyện viên")
    fan = make_user("member", unit="Thành đoàn Hà Nội")
    page = login(browser, live_server, fan)
    page.goto(f"/ideas/{idea.pk}/")
    count = page.locator("#support-count")
    expect(count).to_have_text("0")
    page.locator(f"form[action='/ideas/{idea.pk}/support/'] button").click()
    expect(count).to_have_text("1")
    # The old page, still offering "support", posted again: nothing moves.
    page.go_back()
    page.reload()
    page.evaluate(
        """(url) => { const f = document.querySelector(`form[action='${url}']`);
        const w = f.querySelector('input[name=withdraw]'); if (w) w.remove(); f.submit(); }""",
        f"/ideas/{idea.pk}/support/",
    )
    page.wait_for_load_state()
    expect(count).to_have_text("1")
    assert Support.objects.filter(idea=idea).count() == 1
    idea.refresh_from_db()
    assert idea.support_count == 1
