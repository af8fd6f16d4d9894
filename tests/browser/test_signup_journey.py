"""A new member signs up, confirms by the link from the mail, logs in, edits the profile."""

import re

import pytest
from django.core import mail

from partnership.accounts.models import User

pytestmark = pytest.mark.browser


def test_member_signs_up_confirms_logs_in_and_edits_profile(page, org_tree, shots, settings):
    page.goto("/account/signup/")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    page.get_by_label("Email").fill("hoa.nguyen@doan-vnpt.test")
    page.get_by_label("Đơn vị Đoàn của bạn").select_option(label="\u2003Đoàn Trường Đại học Vinh")
    page.locator("#id_password1").fill("sang-tao-tre-2019")
    page.locator("#id_password2").fill("sang-tao-tre-2019")
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url(re.compile(r"/account/confirm-email/"))

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/account/confirm-email/\S+", mail.outbox[0].body).group(0)
    page.goto("/account/confirm-email/" + link.rsplit("/account/confirm-email/", 1)[1])
    page.get_by_role("button", name="Xác nhận").click()

    page.goto("/account/login/")
    page.get_by_label("Email").fill("hoa.nguyen@doan-vnpt.test")
    page.get_by_label("Mật khẩu").fill("sang-tao-tre-2019")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/me/$"))

    assert page.get_by_text("Đoàn Trường Đại học Vinh").first.is_visible()
    page.get_by_label("Chức vụ").fill("Bí thư Chi đoàn")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Hồ sơ của bạn đã được lưu.").wait_for()
    shots(page, "signup-profile")
    assert User.objects.get(email="hoa.nguyen@doan-vnpt.test").position == "Bí thư Chi đoàn"
