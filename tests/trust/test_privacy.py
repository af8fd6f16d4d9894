"""Item 8: a member downloads their data and deletes their account; both are logged."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.models import Session
from django.test import Client

from partnership import privacy
from partnership.accounts.models import RoleGrant, User
from partnership.accounts.sessions import SessionStore
from tests.factories import PASSWORD

EXPORT = "/me/data.json"
DELETE = "/me/delete/"


@pytest.fixture
def idea_of(db):
    """An idea authored by the given user (ideas app, only for this test's data)."""
    from tests.factories import make_idea

    def make(user):
        return make_idea(user, summary="Giảm thất thoát sau thu hoạch.", consent_to_publish=False)

    return make


def _export(client, user):
    client.force_login(user)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    return json.loads(response.content.decode())


def test_export_holds_profile_roles_and_every_row_pointing_at_the_member(
    client, member, make_user, idea_of
):
    other = make_user("member", unit="Tỉnh đoàn Nghệ An")
    mine = idea_of(member)
    idea_of(other)
    Authenticator.objects.create(
        user=member, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    data = _export(client, member)

    assert data["profile"]["email"] == member.email
    assert data["profile"]["full_name"] == member.full_name
    assert data["profile"]["phone"] == "0912345678"
    assert data["profile"]["unit"] == "Đoàn Thanh niên Đại học Quốc gia Hà Nội"
    assert data["profile"]["date_joined"].startswith(str(member.date_joined.year))
    assert data["roles"] == ["member"]
    assert [g["role"] for g in data["role_grants"]] == ["member"]

    records = data["records"]
    ideas = records["ideas.idea"]
    assert [i["id"] for i in ideas] == [mine.pk]  # the other member's idea is not there
    assert ideas[0]["title"] == mine.title
    assert ideas[0]["created_at"] == mine.created_at.isoformat()
    assert ideas[0]["author_id"] == member.pk
    assert records["account.emailaddress"][0]["email"] == member.email
    assert records["accounts.rolegrant"][0]["role"] == "member"
    # Credentials never leave: no password hash, no TOTP seed.
    body = json.dumps(data)
    assert member.password not in body
    assert "JBSWY3DPEHPK3PXP" not in body
    assert "data" not in records["mfa.authenticator"][0]
    assert records["mfa.authenticator"][0]["type"] == "totp"
    assert other.email not in body


def test_export_files_are_names_and_queries_are_bounded(
    client, member, idea_of, django_assert_max_num_queries
):
    from django.core.files.base import ContentFile

    from ideas.models import Attachment

    pdf = b"%PDF-1.4\n%%EOF\n"
    attachment = Attachment(
        idea=idea_of(member),
        uploaded_by=member,
        original_name="ke-hoach.pdf",
        content_type="application/pdf",
        size=15,
    )
    attachment.file.save("ke-hoach.pdf", ContentFile(pdf), save=True)
    links = list(privacy._user_links())
    assert len(links) >= 5  # accounts, allauth, admin log, notifications, ideas, services...
    client.force_login(member)
    client.get("/me/")  # warm the session
    # one query per model that points at users, plus a fixed handful (session, user, roles, log)
    with django_assert_max_num_queries(len(links) + 12):
        response = client.get(EXPORT)
    assert response.status_code == 200
    exported = json.loads(response.content.decode())["records"]["ideas.attachment"][0]
    assert exported["file"] == attachment.file.name  # the stored name, not the bytes
    assert exported["file"].startswith("ideas/") and exported["file"].endswith(".pdf")
    assert exported["original_name"] == "ke-hoach.pdf"


def test_export_is_logged_and_needs_login(client, member):
    assert client.get(EXPORT).status_code == 302
    _export(client, member)
    entry = LogEntry.objects.get(object_id=str(member.pk), change_message="exported personal data")
    assert entry.user == member
    assert entry.action_flag == CHANGE
    assert client.post(EXPORT).status_code == 405


def test_delete_needs_the_password_and_a_post(client, member):
    client.force_login(member)
    page = client.get(DELETE)
    assert page.status_code == 200
    assert 'type="password"' in page.content.decode()
    assert "Xóa tài khoản của tôi" in page.content.decode()
    wrong = client.post(DELETE, {"password": "not-my-password"})
    assert wrong.status_code == 200
    assert "password" in wrong.context["form"].errors
    member.refresh_from_db()
    assert member.is_active and member.email.endswith("@doan-vnpt.test")


def test_password_guessing_on_the_delete_page_is_rate_limited(client, member):
    client.force_login(member)
    statuses = [client.post(DELETE, {"password": f"guess-{i}"}).status_code for i in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    refused = client.post(DELETE, {"password": PASSWORD})
    assert refused.status_code == 429  # even the right password waits
    member.refresh_from_db()
    assert member.is_active


def test_delete_erases_personal_data_keeps_ideas_and_ends_sessions(client, make_user, idea_of):
    user = make_user("member", "union_officer", unit="Tỉnh đoàn Nghệ An", position="Bí thư")
    old_email = user.email
    idea = idea_of(user)
    other_device = Client()
    other_device.force_login(user)
    assert other_device.get("/me/").status_code == 200
    other_key = other_device.session.session_key

    client.force_login(user)
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Tài khoản của bạn đã được xóa" in client.get("/").content.decode()

    user.refresh_from_db()
    assert user.full_name == privacy.DELETED_NAME
    assert user.email == f"deleted-{user.pk}@invalid.example"
    assert user.phone == "" and user.position == ""
    assert not user.is_active and not user.has_usable_password()
    assert not user.groups.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(email=old_email).exists()
    # The idea stays, now without a name on it; the role history stays for the record.
    idea.refresh_from_db()
    assert idea.author_id == user.pk
    assert str(idea.author) == privacy.DELETED_NAME
    assert RoleGrant.objects.filter(user=user).count() == 2
    # Every session of the account is gone, on every device.
    assert all(s.get_decoded().get("_auth_user_id") != str(user.pk) for s in Session.objects.all())
    assert not SessionStore(session_key=other_key).exists(other_key)
    assert other_device.get("/me/").status_code == 302
    assert client.get("/me/").status_code == 302
    # No password reset reaches the old address, and nobody can log in with it.
    from django.core import mail
    from django.test import TestCase

    from partnership.notifications.models import Delivery

    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):  # account mail: the outbox, on commit
        Client().post("/account/password/reset/", {"email": old_email})
    assert not any(old_email in m.to for m in mail.outbox)
    assert not Delivery.objects.filter(address__iexact=old_email).exists()
    login = Client().post("/account/login/", {"login": old_email, "password": PASSWORD})
    assert login.status_code == 200
    assert not User.objects.filter(email=old_email).exists()

    entry = LogEntry.objects.get(object_id=str(user.pk), change_message="erased personal data")
    assert entry.action_flag == CHANGE
    assert entry.user_id == user.pk
    assert old_email not in entry.object_repr


def test_admin_erasure_is_logged_under_the_admin(make_user):
    admin = make_user("content_admin", unit="trung-uong-doan")
    person = make_user("member", unit="Tỉnh đoàn Nghệ An")
    privacy.erase_user(user=person, by=admin)
    entry = LogEntry.objects.get(object_id=str(person.pk), change_message="erased personal data")
    assert entry.user == admin
    person.refresh_from_db()
    assert person.full_name == privacy.DELETED_NAME


def test_profile_links_to_the_privacy_pages(client, member):
    client.force_login(member)
    html = client.get("/me/").content.decode()
    assert 'href="/me/data.json"' in html
    assert 'href="/me/delete/"' in html
    assert "Dữ liệu của bạn" in html


def test_admin_changes_to_personal_data_are_logged_and_shown_in_history(client, make_user):
    admin = make_user("content_admin", unit="trung-uong-doan")
    person = make_user("member", unit="Tỉnh đoàn Nghệ An")
    client.force_login(admin)
    response = client.post(
        f"/admin/accounts/user/{person.pk}/change/",
        {
            "email": person.email,
            "full_name": person.full_name,
            "phone": "0987654321",
            "position": "",
            "unit": person.unit_id,
            "language": "vi",
            "is_active": "on",
            "groups": list(person.groups.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.phone == "0987654321"
    change = LogEntry.objects.get(object_id=str(person.pk), user=admin)
    assert change.action_flag == CHANGE and "phone" in change.change_message.lower()

    privacy.export_user_data(user=person, by=admin)
    privacy.erase_user(user=person, by=admin)
    history = client.get(f"/admin/accounts/user/{person.pk}/history/").content.decode()
    assert "exported personal data" in history
    assert "erased personal data" in history


def test_apps_can_register_erasers_for_copies_of_personal_data(make_user, idea_of):
    from ideas.models import Idea

    person = make_user("member", unit="Tỉnh đoàn Nghệ An")
    idea = idea_of(person)
    Idea.objects.filter(pk=idea.pk).update(summary=f"Liên hệ {person.phone}")

    def blank_contact(*, user):
        Idea.objects.filter(author=user).update(summary="")

    privacy.register_eraser(blank_contact)
    try:
        privacy.erase_user(user=person, by=person)
    finally:
        privacy._ERASERS.remove(blank_contact)
    idea.refresh_from_db()
    assert idea.summary == ""


def test_a_failing_eraser_erases_nothing(make_user):
    person = make_user("member", unit="Tỉnh đoàn Nghệ An")

    def broken(*, user):
        raise RuntimeError("boom")

    privacy.register_eraser(broken)
    try:
        with pytest.raises(RuntimeError):
            privacy.erase_user(user=person, by=person)
    finally:
        privacy._ERASERS.remove(broken)
    person.refresh_from_db()
    assert person.is_active and person.full_name != privacy.DELETED_NAME
    assert EmailAddress.objects.filter(user=person).exists()


def test_admin_action_erases_and_logs(client, make_user):
    from django.contrib.admin.models import LogEntry

    from partnership.accounts.models import User

    admin = make_user("content_admin", unit="trung-uong-doan")
    person = make_user("member", unit="Tỉnh đoàn Nghệ An", full_name="Trần Văn Xoá")
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/user/",
        {
            "action": "erase_personal_data",
            "_selected_action": [person.pk, admin.pk],
        },
    )
    assert response.status_code == 302
    person = User.objects.get(pk=person.pk)
    assert person.full_name != "Trần Văn Xoá" and not person.is_active
    assert User.objects.get(pk=admin.pk).is_active  # never yourself
    assert LogEntry.objects.filter(
        object_id=str(person.pk), user=admin, change_message__contains="erased"
    ).exists()
