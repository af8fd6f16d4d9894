"""Ideas from paper in Chromium: an officer types in the idea of a young person without an
account, the gallery shows that person's name, and once they sign up with the e-mail written
on the form and confirm it, the idea is theirs."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from ideas import actions
from ideas.models import Idea, Status
from partnership.notifications.models import Notification
from tests.factories import browser_page, idea_field, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNIT = "Đoàn Thanh niên Đại học Quốc gia Hà Nội"


def test_officer_enters_a_paper_idea_and_its_author_claims_it_by_signing_up(
    browser, live_server, make_user, org_tree, shots
):
    field = idea_field()
    officer = make_user("union_officer", unit="Thành đoàn Hà Nội")
    admin = make_user("content_admin", unit="trung-uong-doan")

    page = logged_in(browser, live_server.url, officer)
    page.goto("/ideas/on-behalf/")
    page.locator("#id_paper_name").fill("Lô Văn Páo")
    page.locator("#id_paper_phone").fill("0986 123 456")
    page.locator("#id_paper_email").fill("pao@doan-vnpt.test")
    page.locator("#id_paper_unit").select_option(str(org_tree(UNIT).pk))
    page.locator("#id_title").fill("Bản đồ nước sạch cho bản")
    page.locator("#id_field").select_option(str(field.pk))
    page.locator("#id_summary").fill("Đánh dấu nguồn nước sạch trên bản đồ số.")
    page.locator("#id_problem").fill("Người dân không biết nguồn nước nào an toàn.")
    page.locator("#id_solution").fill("Bản đồ số do đoàn viên cập nhật.")
    page.locator("#id_impact").fill("Giảm bệnh do nước bẩn.")
    page.locator("#id_consent_to_publish").check()
    shots(page, "paper-idea-form")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/ideas/\d+/$"))
    expect(page.locator(".authors")).to_contain_text("Lô Văn Páo")
    expect(page.locator("#paper-author")).to_contain_text("0986 123 456")
    shots(page, "paper-idea-officer")
    page.context.close()

    idea = Idea.objects.get(title="Bản đồ nước sạch cho bản")
    assert idea.author is None and idea.status == Status.SUBMITTED
    for step in (Status.SCREENING, Status.UNDER_REVIEW):
        actions.transition(idea=idea, to=step, by=admin)

    # Anyone sees the name in the gallery and on the page, never the phone or the e-mail.
    visitor = browser_page(browser, live_server.url)
    visitor.goto("/ideas/")
    card = visitor.locator(".idea-card", has_text="Bản đồ nước sạch cho bản")
    expect(card).to_contain_text("Lô Văn Páo")
    card.get_by_role("link").click()
    expect(visitor.locator(".authors")).to_contain_text("Lô Văn Páo")
    assert "0986" not in visitor.content() and "pao@" not in visitor.content()

    # The young person signs up with the address on the paper form and confirms it.
    mail.outbox.clear()
    visitor.goto("/account/signup/")
    visitor.locator("#id_full_name").fill("Lô Văn Páo")
    visitor.locator("#id_email").fill("pao@doan-vnpt.test")
    visitor.locator("#id_unit").select_option(str(org_tree(UNIT).pk))
    visitor.locator("#id_password1").fill("sang-tao-tre-2019")
    visitor.locator("#id_password2").fill("sang-tao-tre-2019")
    visitor.locator("form.form button[type=submit]").click()
    visitor.wait_for_url(re.compile(r"/account/confirm-email/"))
    idea.refresh_from_db()
    assert idea.author is None  # not before the address is confirmed
    link = next(
        m.group(0)
        for message in mail.outbox
        if (m := re.search(r"https?://\S+/account/confirm-email/\S+", message.body))
    )
    visitor.goto("/account/confirm-email/" + link.rsplit("/account/confirm-email/", 1)[1])
    visitor.get_by_role("button", name="Xác nhận").click()

    visitor.goto("/account/login/")
    visitor.locator("#id_login").fill("pao@doan-vnpt.test")
    visitor.locator("#id_password").fill("sang-tao-tre-2019")
    visitor.locator("form.form button[type=submit]").click()
    visitor.wait_for_url(re.compile(r"/me/$"))

    visitor.goto("/ideas/mine/")
    visitor.get_by_role("link", name="Bản đồ nước sạch cho bản").first.click()
    expect(visitor.get_by_role("heading", name="Ý tưởng của bạn")).to_be_visible()
    expect(visitor.locator(".timeline")).to_contain_text("phiếu giấy")
    shots(visitor, "paper-idea-claimed")
    idea.refresh_from_db()
    assert idea.author.email == "pao@doan-vnpt.test"
    assert Notification.objects.filter(recipient=idea.author, event="ideas.paper_claimed").exists()
    visitor.context.close()
