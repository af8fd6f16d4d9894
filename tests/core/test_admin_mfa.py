from allauth.mfa.models import Authenticator


def test_staff_without_totp_is_sent_to_set_it_up(client, make_user, settings):
    settings.ADMIN_REQUIRE_MFA = True
    admin = make_user("content_admin", unit="trung-uong-doan")
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].endswith("/account/2fa/totp/activate/")


def test_staff_with_totp_enters_admin(client, make_user, settings):
    settings.ADMIN_REQUIRE_MFA = True
    admin = make_user("content_admin", unit="trung-uong-doan")
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200


def test_admin_is_in_vietnamese_with_units_searchable(client, make_user):
    admin = make_user("content_admin", unit="trung-uong-doan")
    client.force_login(admin)
    html = client.get("/admin/organisations/unit/?q=nghe an").content.decode()
    assert "Tỉnh đoàn Nghệ An" in html
    assert "Quản trị" in html
