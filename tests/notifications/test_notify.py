"""notify(): rows in the caller's transaction, e-mail queued on commit, rendered per language."""

import pytest
from django.core import mail
from django.db import transaction

from agreements.models import PROGRESS_NOTICES
from partnership.notifications.actions import notify
from partnership.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db


def fire(recipients, actor=None, org_tree=None, note="15/08/2019", event="testing.unit_changed"):
    unit = org_tree("Tỉnh đoàn Nghệ An")
    return notify(
        recipients=recipients,
        event=event,
        category=PROGRESS_NOTICES,
        obj=unit,
        context={"note": note},
        actor=actor,
    )


def test_one_mail_per_recipient_on_commit_in_their_language(
    make_user, org_tree, event_templates, django_capture_on_commit_callbacks
):
    vi = make_user(full_name="Nguyễn Văn An", language="vi")
    en = make_user(full_name="Jane Doe", language="en")
    actor = make_user(full_name="Trần Thị Bình")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        rows = fire([vi, en, actor, vi], actor=actor, org_tree=org_tree)
        assert mail.outbox == []  # nothing leaves before the change commits
    assert len(callbacks) == 1  # the mail queued
    assert len(rows) == 2  # the actor and the duplicate are left out
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {vi.email, en.email}
    vi_mail, en_mail = by_to[vi.email], by_to[en.email]
    assert "Tỉnh đoàn Nghệ An" in vi_mail.subject
    assert "Trần Thị Bình" in vi_mail.body
    assert "http://127.0.0.1:8000/units/" in vi_mail.body
    assert "Chọn những thư bạn muốn nhận" in vi_mail.body
    assert "Choose which e-mails you get" in en_mail.body
    assert en_mail.subject.startswith("Unit Tỉnh đoàn Nghệ An was updated")
    html, mimetype = vi_mail.alternatives[0]
    assert mimetype == "text/html"
    assert 'lang="vi"' in html and "/units/" in html and "/notifications/unsubscribe/" in html
    assert vi_mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert vi_mail.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/notifications/unsubscribe/"
    )


def test_rolled_back_change_leaves_no_trace(
    make_user, org_tree, django_capture_on_commit_callbacks
):
    user = make_user()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        fire([user], org_tree=org_tree)
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert not Notification.objects.exists() and not Delivery.objects.exists()
    assert mail.outbox == []


def test_delivery_written_with_the_notification(make_user, org_tree):
    user = make_user()
    with transaction.atomic():
        (n,) = fire([user], org_tree=org_tree)
        d = Delivery.objects.get(notification=n)
    assert d.status == Delivery.Status.PENDING and d.tries == 0
    assert d.idempotency_key == f"email:notification:{n.pk}"
    assert d.recipient == user and d.channel == Delivery.Channel.EMAIL


def test_missing_template_falls_back_to_generic_text(
    make_user, org_tree, django_capture_on_commit_callbacks
):
    user = make_user(language="vi")
    with django_capture_on_commit_callbacks(execute=True):
        fire([user], org_tree=org_tree, event="nowhere.no_such_event")
    (message,) = mail.outbox
    assert message.subject == "Thông báo mới: Tiến độ thỏa thuận"
    assert "/units/" in message.body


def test_broken_template_does_not_crash(
    make_user, org_tree, settings, tmp_path, django_capture_on_commit_callbacks
):
    folder = tmp_path / "notifications" / "testing"
    folder.mkdir(parents=True)
    (folder / "broken.subject.txt").write_text("{{ object.name|no_such_filter }}")
    (folder / "broken.body.txt").write_text("{% if %}")
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [*engine["DIRS"], tmp_path]
    settings.TEMPLATES = [engine]
    user = make_user(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        fire([user], org_tree=org_tree, event="testing.broken")
    (message,) = mail.outbox
    assert message.subject == "New notification: Agreement progress"
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_plain_text_is_not_html_escaped(
    make_user, org_tree, event_templates, django_capture_on_commit_callbacks
):
    user = make_user(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        fire([user], org_tree=org_tree, note="Tom & Jerry's <b>")
    (message,) = mail.outbox
    assert "(Tom & Jerry's <b>)" in message.subject
    assert "Tom &amp; Jerry&#x27;s &lt;b&gt;" in message.alternatives[0][0]
