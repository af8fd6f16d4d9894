"""Item 2: floods of sign-ups and password resets are refused; sessions expire.

The 5-failures lockout (django-axes, 429 page) is proven in tests/core/test_accounts.py and
MFA for staff entering admin in tests/core/test_admin_mfa.py.
"""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.utils import timezone

from partnership.accounts.models import User

SIGNUP = "/account/signup/"
RESET = "/account/password/reset/"


def _limit(action: str) -> int:
    """The first count of an allauth rate limit, e.g. "20/m/ip" -> 20."""
    return int(settings.ACCOUNT_RATE_LIMITS[action].split(",")[0].split("/")[0])


def test_rate_limits_are_configured():
    limits = settings.ACCOUNT_RATE_LIMITS
    assert {"login_failed", "signup", "reset_password"} <= set(limits)
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME


def test_signup_flood_is_refused_with_429(client, org_tree):
    unit = org_tree("Đoàn Trường Đại học Vinh").pk
    limit = _limit("signup")
    for i in range(limit):
        response = client.post(
            SIGNUP,
            {
                "email": f"bot{i}@doan-vnpt.test",
                "full_name": "Bot",
                "unit": unit,
                "password1": "tuoi-tre-sang-tao-2019",
                "password2": "tuoi-tre-sang-tao-2019",
            },
        )
        assert response.status_code == 302, i
    refused = client.post(
        SIGNUP,
        {
            "email": "one-too-many@doan-vnpt.test",
            "full_name": "Bot",
            "unit": unit,
            "password1": "tuoi-tre-sang-tao-2019",
            "password2": "tuoi-tre-sang-tao-2019",
        },
    )
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu" in refused.content.decode()  # the portal's own page, in Vietnamese
    assert 'class="site-header"' in refused.content.decode()
    assert not User.objects.filter(email="one-too-many@doan-vnpt.test").exists()
    assert User.objects.filter(email__startswith="bot").count() == limit


def test_password_reset_flood_for_one_address_is_refused(
    client, member, django_capture_on_commit_callbacks
):
    per_key = int(settings.ACCOUNT_RATE_LIMITS["reset_password"].split(",")[1].split("/")[0])
    for _ in range(per_key):
        with django_capture_on_commit_callbacks(execute=True):  # account mail: the outbox
            assert client.post(RESET, {"email": member.email}).status_code == 302
    refused = client.post(RESET, {"email": member.email})
    assert refused.status_code == 429
    assert len(mail.outbox) == per_key  # no more mails than the limit


def test_password_reset_flood_from_one_address_is_refused(client, make_user):
    per_ip = _limit("reset_password")
    emails = [make_user("member").email for _ in range(per_ip + 1)]
    statuses = [client.post(RESET, {"email": e}).status_code for e in emails]
    assert statuses[:per_ip] == [302] * per_ip
    assert statuses[-1] == 429
    assert 500 not in statuses


# --- sessions --------------------------------------------------------------------------------


def _session(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_idle_expiry_is_thirty_minutes_and_refreshed_at_most_once_a_minute(client, member):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert not settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_REFRESH_INTERVAL == 60
    # In the database only: no copy in the cache can outlive a log-out (docs/security.md).
    assert settings.SESSION_ENGINE == "partnership.accounts.sessions"
    client.force_login(member)
    response = client.get("/me/")
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 1800
    # Within the minute, a page view does not write the session.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/me/").status_code == 200
    assert not [q for q in ctx.captured_queries if "UPDATE" in q["sql"] and "session" in q["sql"]]
    # 29 minutes idle: still in, and the clock starts again.
    session = client.session
    session["seen_at"] = int(time.time()) - 29 * 60
    session.save()
    Session.objects.filter(pk=_session(client).pk).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    assert client.get("/me/").status_code == 200
    remaining = _session(client).expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    # 31 minutes idle: the session has expired in the database.
    Session.objects.filter(pk=_session(client).pk).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def _set_login_at(client, seconds_ago):
    session = client.session
    session["login_at"] = int(time.time() - seconds_ago)
    session.save()


def test_absolute_lifetime_is_twelve_hours_however_active(client, member):
    assert settings.SESSION_ABSOLUTE_LIFETIME == 12 * 60 * 60
    client.force_login(member)
    assert client.get("/me/").status_code == 200
    assert abs(client.session["login_at"] - time.time()) < 60
    _set_login_at(client, 11 * 3600 + 50 * 60)
    assert client.get("/me/").status_code == 200
    _set_login_at(client, 12 * 3600 + 60)
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    assert "_auth_user_id" not in client.session


def test_real_login_records_the_login_time(client, member):
    from tests.factories import PASSWORD

    before = int(time.time())
    response = client.post("/account/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["login_at"] >= before


@pytest.mark.parametrize("path", ["/me/", "/me/data.json", "/me/delete/"])
def test_expired_session_cannot_reach_personal_pages(client, member, path):
    client.force_login(member)
    _set_login_at(client, 13 * 3600)
    assert client.get(path).status_code == 302
