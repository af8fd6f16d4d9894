"""Preferences per category, the daily digest and the signed one-click unsubscribe link."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail, signing
from django.db import transaction

from ideas.models import COMMENT_NOTICES, IDEA_NOTICES
from partnership.notifications import categories, outbox
from partnership.notifications.actions import notify, set_preference
from partnership.notifications.models import Delivery, Notification, Preference
from partnership.notifications.tokens import SALT, make_token

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def send(user, category=IDEA_NOTICES, url="/ideas/"):
    with transaction.atomic():
        return notify(recipients=[user], event="testing.unit_changed", category=category, url=url)


def test_preferences_page_needs_login(client):
    response = client.get("/notifications/preferences/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_preferences_page_saves_choices(client, make_user):
    user = make_user()
    client.force_login(user)
    html = client.get("/notifications/preferences/").content.decode()
    assert "Mỗi ngày một lần" in html and "Tiến độ thỏa thuận" in html
    data = dict.fromkeys(
        ["service_requests", "agreement_progress", "comments", "reminders"], "immediate"
    )
    response = client.post("/notifications/preferences/", {**data, "ideas": "digest"})
    assert response.status_code == 302
    assert Preference.objects.get(user=user, category="ideas").mode == "digest"
    bad = client.post("/notifications/preferences/", {**data, "ideas": "hourly"})
    assert bad.status_code == 200 and "ideas" in bad.context["form"].errors


def test_each_app_registers_its_own_kinds_of_notification(client, make_user):
    """The core names only account mail and reminders; the apps add theirs, in their order."""
    assert categories.configurable() == [
        "service_requests",
        "agreement_progress",
        "ideas",
        "comments",
        "reminders",
    ]
    assert categories.ACCOUNT not in categories.configurable()  # always sent at once
    assert "account" in dict(categories.choices())
    with pytest.raises(ValueError):
        categories.register("ideas", "Something else")  # one meaning per code
    with pytest.raises(ValueError):
        categories.register("x" * (categories.CODE_LENGTH + 1), "Too long for the column")
    categories.register("testing_kind", "Testing kind", order=35)
    try:
        client.force_login(make_user())
        html = client.get("/notifications/preferences/").content.decode()
        assert html.index("Testing kind") < html.index("Nhắc việc")  # by its order
        field = Notification._meta.get_field("category")
        assert ("testing_kind", "Testing kind") in field.choices  # no migration needed
    finally:
        categories._kinds.unregister("testing_kind")


def test_off_means_inbox_only_and_digest_means_later(make_user):
    user = make_user()
    set_preference(user=user, category=IDEA_NOTICES, mode="off")
    set_preference(user=user, category=COMMENT_NOTICES, mode="digest")
    send(user, IDEA_NOTICES)
    (n,) = send(user, COMMENT_NOTICES)
    (immediate,) = send(user, categories.REMINDERS)
    assert Notification.objects.filter(recipient=user).count() == 3
    assert list(Delivery.objects.values_list("notification", flat=True)) == [immediate.pk]
    assert Notification.objects.get(pk=n.pk).wants_digest


def test_daily_digest_one_mail_per_user_per_day(make_user, settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    anna = make_user(language="en")
    binh = make_user(language="vi")
    for user in (anna, binh):
        set_preference(user=user, category=COMMENT_NOTICES, mode="digest")
        set_preference(user=user, category=IDEA_NOTICES, mode="digest")
    yesterday = datetime(2026, 11, 25, 15, 0, tzinfo=HCM)
    for user in (anna, binh):
        send(user, COMMENT_NOTICES, "/ideas/1/")
        send(user, IDEA_NOTICES, "/ideas/2/")
    Notification.objects.update(created_at=yesterday)
    (late,) = send(anna, COMMENT_NOTICES, "/ideas/3/")
    Notification.objects.filter(pk=late.pk).update(created_at=yesterday + timedelta(hours=10))

    early = datetime(2026, 11, 26, 6, 0, tzinfo=HCM)
    assert outbox.queue_daily_digests(now=early) == 0  # before the digest hour
    morning = datetime(2026, 11, 26, 7, 5, tzinfo=HCM)
    assert outbox.queue_daily_digests(now=morning) == 2
    assert outbox.queue_daily_digests(now=morning + timedelta(hours=1)) == 0
    for d in Delivery.objects.filter(kind=Delivery.Kind.DIGEST):
        outbox.deliver([(d.pk, 0)])
        outbox.deliver([(d.pk, 0)])
    assert len(mail.outbox) == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    en = by_to[anna.email]
    assert en.subject == "Your daily summary: 2 notifications"
    assert "http://127.0.0.1:8000/ideas/1/" in en.body and "/ideas/2/" in en.body
    assert "/ideas/3/" not in en.body  # today's: tomorrow's digest
    assert by_to[binh.email].subject == "Tổng hợp trong ngày: 2 thông báo"
    token = re.search(r"/notifications/unsubscribe/([^/]+)/", en.extra_headers["List-Unsubscribe"])[
        1
    ]
    assert signing.loads(token, salt=SALT)["c"] == ["comments", "ideas"]
    assert outbox.queue_daily_digests(now=morning + timedelta(days=1)) == 1


def test_unsubscribe_works_without_login_get_confirms_post_applies(client, make_user):
    user = make_user(language="vi")
    url = f"/notifications/unsubscribe/{make_token(user, [IDEA_NOTICES])}/"
    page = client.get(url)
    assert page.status_code == 200 and "Ý tưởng" in page.content.decode()
    assert not Preference.objects.exists()  # a GET (a link scanner) changes nothing
    done = client.post(url)
    assert done.status_code == 200 and "Đã hủy nhận thư" in done.content.decode()
    assert Preference.objects.get(user=user, category="ideas").mode == "off"
    send(user, IDEA_NOTICES)
    assert not Delivery.objects.exists()


def test_one_click_post_from_a_mailbox_provider(make_user):
    from django.test import Client

    user = make_user()
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        f"/notifications/unsubscribe/{make_token(user, [COMMENT_NOTICES])}/",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Preference.objects.get(user=user, category="comments").mode == "off"


def test_forged_or_edited_tokens_are_rejected(client, make_user):
    victim = make_user()
    attacker = make_user()
    own = make_token(attacker, [IDEA_NOTICES])
    payload, rest = own.split(":", 1)
    forged_payload = signing.b64_encode(f'{{"u":{victim.pk},"c":["ideas"]}}'.encode()).decode()
    other_salt = signing.dumps({"u": victim.pk, "c": ["ideas"]}, salt="something.else")
    for token in [f"{forged_payload}:{rest}", other_salt, "nonsense", own[:-2] + "xx"]:
        response = client.post(f"/notifications/unsubscribe/{token}/")
        assert response.status_code == 400
        assert "Liên kết không hợp lệ" in response.content.decode()
    # Logged in as the victim, the attacker's own link still only touches the attacker.
    client.force_login(victim)
    client.post(f"/notifications/unsubscribe/{own}/")
    assert list(Preference.objects.values_list("user", flat=True)) == [attacker.pk]


def test_turning_digest_off_drops_waiting_items(make_user):
    user = make_user()
    set_preference(user=user, category=IDEA_NOTICES, mode="digest")
    send(user, IDEA_NOTICES)
    set_preference(user=user, category=IDEA_NOTICES, mode="off")
    assert not Notification.objects.filter(wants_digest=True).exists()
    with pytest.raises(ValueError):
        set_preference(user=user, category=categories.ACCOUNT, mode="off")
