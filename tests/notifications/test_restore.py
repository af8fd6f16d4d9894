"""Restore without re-sending: deliveries a restored backup brings back pending are held
for review in admin, never sent by themselves; an admin action releases them."""

import pytest
from django.core import mail
from django.db import transaction

from ideas.models import IDEA_NOTICES
from partnership.notifications import outbox
from partnership.notifications.actions import notify
from partnership.notifications.models import Delivery, OutboxEpoch

from .conftest import post_admin_action

pytestmark = pytest.mark.django_db


def pending(user):
    with transaction.atomic():
        (n,) = notify(recipients=[user], event="testing.unit_changed", category=IDEA_NOTICES)
    return Delivery.objects.get(notification=n)


def restored_elsewhere():
    """What a restored copy looks like: its epoch row names the database it was dumped from."""
    outbox.check_restored()
    OutboxEpoch.objects.filter(pk=1).update(identity="postgresql:7300000000000000001:16384")


def test_a_restored_database_holds_what_was_pending_and_admin_releases_it(
    client, make_user, django_capture_on_commit_callbacks
):
    waiting, sending, sent = (pending(make_user()) for _ in range(3))
    outbox.claim([(sending.pk, 0)])
    assert outbox.deliver([(sent.pk, 0)])["sent"] == 1
    restored_elsewhere()
    mail.outbox.clear()
    # The first thing that runs after the restore (migrate, the sweeper or a worker) holds them.
    assert outbox.deliver([(waiting.pk, 0)])["not claimed"] == 1
    assert outbox.sweep() == 0
    statuses = dict(Delivery.objects.values_list("pk", "status"))
    assert statuses == {waiting.pk: "held", sending.pk: "held", sent.pk: "sent"}
    epoch = OutboxEpoch.objects.get()
    assert epoch.held == 2 and epoch.restored_at is not None
    assert epoch.identity == outbox.database_identity()
    assert mail.outbox == []
    # Once only: later changes are sent as usual.
    assert outbox.check_restored() == 0
    fresh = pending(make_user())
    assert outbox.deliver([(fresh.pk, 0)])["sent"] == 1
    # Admin: filter the held ones, release the one that was never sent.
    admin = make_user("content_admin")
    client.force_login(admin)
    listing = client.get("/admin/notifications/delivery/?status__exact=held").content.decode()
    assert "restored from a backup" in listing
    post_admin_action(client, django_capture_on_commit_callbacks, "release_held", [waiting, fresh])
    assert Delivery.objects.get(pk=waiting.pk).status == "sent"
    assert Delivery.objects.get(pk=sending.pk).status == "held"  # left for a decision
    assert [m.to for m in mail.outbox] == [[fresh.recipient.email], [waiting.recipient.email]]


def test_migrate_holds_them_before_any_worker_runs(make_user):
    from django.core.management import call_command

    d = pending(make_user())
    restored_elsewhere()
    call_command("migrate", "--noinput", verbosity=0)
    d.refresh_from_db()
    assert d.status == Delivery.Status.HELD
