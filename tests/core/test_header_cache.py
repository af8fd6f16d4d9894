"""The header is a per-person fragment kept per process, with holes for the CSRF token and the
current path (partnership/templatetags/portal.py, holes): it never carries another page's path
or a stale token, and it follows name, role and badge changes at once."""

import re

from django.test import Client

from partnership.accounts.actions import set_role


def _header(html: str) -> str:
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def test_each_page_gets_its_own_path_and_a_working_logout_token(make_user):
    user = make_user("member", unit="Tỉnh đoàn Nghệ An")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    first = _header(client.get("/me/").content.decode())
    second = _header(client.get("/ideas/?q=nong").content.decode())  # the cached header
    assert 'name="next" value="/me/"' in first
    assert 'name="next" value="/ideas/?q=nong"' in second
    assert "@@hole-" not in first + second
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', second).group(1)
    response = client.post("/account/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get("/me/").status_code == 302  # logged out: the token was valid


def test_anonymous_login_link_comes_back_to_the_page(client, db):
    client.get("/units/")
    header = _header(client.get("/news/?page=2").content.decode())
    assert "/account/login/?next=/news/%3Fpage%3D2" in header


def test_name_roles_and_badge_show_at_once(client, make_user):
    user = make_user("member", unit="Tỉnh đoàn Nghệ An", full_name="Nguyễn Văn An")
    client.force_login(user)
    before = user.get_short_name()
    assert f">{before}</a>" in _header(client.get("/me/").content.decode())
    user.full_name = "Trần Thị Bình"
    user.save()
    header = _header(client.get("/me/").content.decode())
    assert f">{user.get_short_name()}</a>" in header and f">{before}</a>" not in header
    set_role(user=user, role="union_officer", granted=True, by=None)
    assert "/ideas/dashboard/" not in header
    assert "/agreement/dashboard/" in _header(client.get("/me/").content.decode())
