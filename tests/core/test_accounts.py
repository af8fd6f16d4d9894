import re

import pytest
from django.core import mail

from partnership.accounts.actions import can_grant, set_role
from partnership.accounts.models import RoleGrant, User
from partnership.accounts.roles import CONTENT_ADMIN, LIAISON, MEMBER, OFFICER

SIGNUP = "/account/signup/"


def _signup(client, org_tree, **overrides):
    data = {
        "email": "an.nguyen@doan-vnpt.test",
        "full_name": "Nguyễn Văn An",
        "phone": "0912 345 678",
        "unit": org_tree("Đoàn Trường Đại học Vinh").pk,
        "password1": "tuoi-tre-sang-tao-2019",
        "password2": "tuoi-tre-sang-tao-2019",
    }
    data.update(overrides)
    return client.post(SIGNUP, data)


def test_signup_confirmation_then_login(client, org_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # account mail: outbox, on commit
        response = _signup(client, org_tree)
    assert response.status_code == 302
    user = User.objects.get(email="an.nguyen@doan-vnpt.test")
    assert user.full_name == "Nguyễn Văn An"
    assert user.unit == org_tree("Đoàn Trường Đại học Vinh")
    assert user.role_codes == {MEMBER}
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/account/confirm-email/[^\s]+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + path).status_code == 302
    client.logout()
    response = client.post(
        "/account/login/",
        {"login": "an.nguyen@doan-vnpt.test", "password": "tuoi-tre-sang-tao-2019"},
    )
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200


def test_login_blocked_until_email_confirmed(client, org_tree):
    _signup(client, org_tree)
    client.logout()
    response = client.post(
        "/account/login/",
        {"login": "an.nguyen@doan-vnpt.test", "password": "tuoi-tre-sang-tao-2019"},
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]


def test_signup_errors_are_named_and_input_kept(client, org_tree, member):
    response = _signup(
        client, org_tree, email=member.email, full_name="  ", password1="123", password2="123"
    )
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert set(form.errors) >= {"email", "full_name", "password1"}
    assert member.email in html  # what was typed is still there
    assert 'aria-invalid="true"' in html
    assert "form-errors" in html
    # Each field says why, in Vietnamese.
    assert "Địa chỉ email này đã được đăng ký" in html
    assert "Mật khẩu quá ngắn" in html
    assert "Trường này là bắt buộc." in html
    assert User.objects.filter(email=member.email).count() == 1


def test_signup_cannot_choose_a_role(client, org_tree):
    _signup(client, org_tree, role="union_officer", groups="union_officer", is_staff="on")
    user = User.objects.get(email="an.nguyen@doan-vnpt.test")
    assert user.role_codes == {MEMBER}
    assert not user.is_staff


def test_password_reset_by_email(client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # account mail: outbox, on commit
        client.post("/account/password/reset/", {"email": member.email})
    assert len(mail.outbox) == 1
    from partnership.notifications.models import Delivery

    (row,) = Delivery.objects.filter(address=member.email, kind="message")
    assert row.status == "sent" and row.recipient == member
    assert row.payload["text"] == "" and row.payload["wiped"]  # the one-time link is not kept
    assert mail.outbox[0].extra_headers["Message-ID"].startswith("<")
    link = re.search(
        r"https?://[^\s]+/account/password/reset/key/[^\s]+", mail.outbox[0].body
    ).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(
        form_path, {"password1": "mot-mat-khau-moi-2024", "password2": "mot-mat-khau-moi-2024"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("mot-mat-khau-moi-2024")


def test_member_pages_need_login(client, db):
    for url in ["/me/", "/notifications/", "/me/people/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/")


def test_profile_edit_keeps_unit_and_validates(client, member):
    client.force_login(member)
    response = client.post(
        "/me/", {"full_name": "", "phone": "abc", "position": "Bí thư", "language": "vi"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"full_name", "phone"}
    assert "Bí thư" in response.content.decode()
    response = client.post(
        "/me/",
        {
            "full_name": "Nguyễn Thị Bé",
            "phone": "0987654321",
            "position": "Bí thư",
            "language": "en",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.full_name, member.language) == ("Nguyễn Thị Bé", "en")


def test_only_parent_unit_officer_or_admin_grants_roles(make_user):
    province_officer = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    student = make_user("member", unit="Đoàn Trường Đại học Vinh")
    hanoi_officer = make_user("union_officer", unit="Thành đoàn Hà Nội")
    peer = make_user("member", unit="Tỉnh đoàn Nghệ An")
    admin = make_user("content_admin", unit="trung-uong-doan")

    assert can_grant(by=province_officer, user=student, role=OFFICER)
    assert not can_grant(by=hanoi_officer, user=student, role=OFFICER)
    assert not can_grant(by=province_officer, user=peer, role=OFFICER)  # same unit, not below
    assert not can_grant(by=province_officer, user=province_officer, role=OFFICER)
    assert not can_grant(by=province_officer, user=student, role=CONTENT_ADMIN)
    assert not can_grant(by=student, user=student, role=OFFICER)
    assert can_grant(by=admin, user=peer, role=LIAISON)


def test_officer_grants_role_through_the_page_and_it_is_recorded(client, make_user):
    officer = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    student = make_user("member", unit="Đoàn Trường Đại học Vinh")
    outsider = make_user("member", unit="Thành đoàn Hà Nội")
    client.force_login(officer)
    assert student.full_name in client.get("/me/people/").content.decode()
    client.post(f"/me/people/{student.pk}/role/", {"role": "union_officer", "granted": "1"})
    student = User.objects.get(pk=student.pk)
    assert student.is_officer
    grant = RoleGrant.objects.get(user=student, role="union_officer")
    assert grant.by == officer and grant.granted
    # Someone outside their units is a 404, not a hint that they exist.
    assert (
        client.post(
            f"/me/people/{outsider.pk}/role/", {"role": "union_officer", "granted": "1"}
        ).status_code
        == 404
    )


def test_erased_accounts_get_no_role_buttons(client, make_user):
    from partnership.privacy import erase_user

    officer = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    gone = erase_user(user=make_user("member", unit="Đoàn Trường Đại học Vinh"), by=officer)
    kept = make_user("member", unit="Đoàn Trường Đại học Vinh")
    for by in (officer, make_user("content_admin")):
        client.force_login(by)
        page = client.get("/me/people/").content.decode()
        assert f"/me/people/{kept.pk}/role/" in page
        assert f"/me/people/{gone.pk}/role/" not in page
        assert "Tài khoản đã xóa hoặc bị khóa" in page
        response = client.post(
            f"/me/people/{gone.pk}/role/", {"role": "union_officer", "granted": "1"}, follow=True
        )
        assert "Bạn không có quyền thay đổi vai trò này." in response.content.decode()
        gone.refresh_from_db()
        assert not gone.is_officer
        assert not RoleGrant.objects.filter(user=gone, role="union_officer").exists()


def test_member_cannot_promote_themself(client, member):
    client.force_login(member)
    assert (
        client.post(
            f"/me/people/{member.pk}/role/", {"role": "union_officer", "granted": "1"}
        ).status_code
        == 404
    )
    member = User.objects.get(pk=member.pk)
    assert not member.is_officer
    with pytest.raises(Exception):
        set_role(user=member, role=OFFICER, granted=True, by=member)


def test_five_wrong_passwords_lock_out_with_a_clear_page(client, member):
    for _ in range(5):
        client.post("/account/login/", {"login": member.email, "password": "wrong-password"})
    response = client.post("/account/login/", {"login": member.email, "password": "wrong-password"})
    assert response.status_code == 429
    assert "15" in response.content.decode()


def test_apps_register_their_own_roles(client, make_user):
    """The core owns the portal-wide roles; the idea bank registers its reviewer, which an
    officer may grant below their unit, and whose menu shows only to reviewers."""
    from django.contrib.auth.models import Group

    from ideas.models import REVIEWER
    from partnership.accounts import roles
    from partnership.accounts.actions import sync_role_groups

    assert roles.codes() == [MEMBER, OFFICER, LIAISON, REVIEWER, CONTENT_ADMIN]
    assert roles.grantable_by_officers() == [OFFICER, REVIEWER]
    assert Group.objects.filter(name=REVIEWER).exists()  # made after migrate
    with pytest.raises(ValueError):
        roles.register(REVIEWER, "Something else")  # one meaning per code
    roles.register("testing_role", "Testing role", order=50)
    try:
        sync_role_groups()
        person = make_user()
        set_role(user=person, role="testing_role", granted=True, by=None)
        assert "Testing role" in User.objects.get(pk=person.pk).role_labels
        field = RoleGrant._meta.get_field("role")
        assert ("testing_role", "Testing role") in field.choices  # no migration needed
    finally:
        roles._roles.unregister("testing_role")

    reviewer, member = make_user(REVIEWER), make_user(MEMBER)
    client.force_login(reviewer)
    assert b'href="/ideas/reviews/"' in client.get("/ideas/").content
    client.force_login(member)
    assert b'href="/ideas/reviews/"' not in client.get("/ideas/").content
