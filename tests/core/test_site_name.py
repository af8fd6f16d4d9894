"""The portal names itself and its address (SITE_URL) in mails, the feed and the Sites record;
never "example.com" nor the host a request happened to come in on."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from partnership.accounts.models import User

SITE = "http://cong.test:8101"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    return SITE


def _mail_text(message) -> str:
    return message.subject + "\n" + message.body


def test_signup_mail_names_the_portal_and_site_url(
    client, org_tree, site_url, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # account mail: outbox, on commit
        response = client.post(
            "/account/signup/",
            {
                "email": "tan.binh@doan.test",
                "full_name": "Trần Tân Bình",
                "unit": org_tree("Đoàn Trường Đại học Vinh").pk,
                "password1": "tuoi-tre-sang-tao-2019",
                "password2": "tuoi-tre-sang-tao-2019",
            },
            HTTP_HOST="localhost",
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    text = _mail_text(message)
    assert "example.com" not in text
    assert settings.SITE_NAME in text  # "Cổng Hợp tác Đoàn – VNPT xin chào bạn!"
    assert re.search(re.escape(SITE) + r"/account/confirm-email/\S+/", text)
    assert "localhost" not in text  # the link is SITE_URL's, not the request's host
    assert text.rstrip().endswith(SITE)


def test_password_reset_mail_names_the_portal_and_site_url(
    client, make_user, site_url, django_capture_on_commit_callbacks
):
    user = make_user("member")
    with django_capture_on_commit_callbacks(execute=True):  # account mail: outbox, on commit
        response = client.post("/account/password/reset/", {"email": user.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    text = _mail_text(message)
    assert "example.com" not in text
    assert settings.SITE_NAME in text
    assert re.search(re.escape(SITE) + r"/account/password/reset/key/\S+/", text)


def test_feed_links_and_ids_use_site_url(client, db, site_url):
    from partnership.news.models import Article

    Article.objects.create(
        title="Tuổi trẻ VNPT tiếp sức mùa thi",
        slug="tiep-suc-mua-thi",
        summary="Đoàn viên VNPT hỗ trợ thí sinh.",
        body="Nội dung.",
        published_at=timezone.now() - datetime.timedelta(hours=1),
        for_vnpt_channels=True,
    )
    feed = client.get("/news/feed.atom").content.decode()
    assert "example.com" not in feed and "testserver" not in feed
    assert f'<link href="{SITE}/news/" rel="alternate"' in feed
    assert f'<link href="{SITE}/news/feed.atom" rel="self"' in feed
    assert f"<id>{SITE}/news/</id>" in feed
    assert f"<id>{SITE}/news/tiep-suc-mua-thi/</id>" in feed
    assert f'<link href="{SITE}/news/tiep-suc-mua-thi/" rel="alternate"' in feed


def test_sites_record_follows_settings_after_migrate(db, settings):
    site = Site.objects.get(pk=settings.SITE_ID)
    assert site.domain == urlsplit(settings.SITE_URL).netloc  # set when the test DB migrated
    assert site.name == settings.SITE_NAME
    settings.SITE_URL = "https://doan-vnpt.test"
    call_command("migrate", verbosity=0)  # `make run PORT=…` migrates before serving
    site.refresh_from_db()
    assert (site.domain, site.name) == ("doan-vnpt.test", settings.SITE_NAME)
    assert Site.objects.get_current().domain == "doan-vnpt.test"
    assert not User.objects.filter(email__endswith="example.com").exists()
