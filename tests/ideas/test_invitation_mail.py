"""A co-author invitation to an address without an account goes through the outbox: a
delivery row, retries, a stable Message-ID and a one-click link to stop mail to it."""

import re

import pytest
from django.core import mail
from django.db import transaction

from ideas import actions
from partnership.notifications import outbox
from partnership.notifications.models import AddressOptOut, Delivery
from tests.notifications.conftest import _smtp_server, smtp, smtp_settings  # noqa: F401

pytestmark = pytest.mark.django_db


def invite(idea, member, emails):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        actions.set_co_authors(idea=idea, emails=emails, by=member)


def test_invitation_is_a_delivery_with_an_unsubscribe_link(client, member, make_idea, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    idea = make_idea(member)
    invite(idea, member, ["chua-co@doan-vnpt.test"])
    (row,) = Delivery.objects.filter(address="chua-co@doan-vnpt.test")
    assert row.status == Delivery.Status.SENT and row.kind == Delivery.Kind.MESSAGE
    (message,) = mail.outbox
    assert message.extra_headers["Message-ID"] == outbox.message_id(row.idempotency_key)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(r"https?://\S+/notifications/unsubscribe-address/\S+/", message.body)[0]
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert "chua-co@doan-vnpt.test" in client.get(path).content.decode()
    assert client.post(path).status_code == 200  # one click, no login
    assert AddressOptOut.objects.filter(email="chua-co@doan-vnpt.test").exists()
    assert (
        client.get(path.replace("unsubscribe-address/", "unsubscribe-address/x")).status_code == 400
    )
    # Invited again (another idea): the row is written and skipped, no mail.
    invite(make_idea(member, title="Ý tưởng thứ hai"), member, ["chua-co@doan-vnpt.test"])
    assert len(mail.outbox) == 1
    skipped = Delivery.objects.filter(address="chua-co@doan-vnpt.test").exclude(pk=row.pk).get()
    assert skipped.status == Delivery.Status.SKIPPED and "no more mail" in skipped.last_error


def test_a_refusing_server_means_a_retry_not_a_lost_invitation(
    member,
    make_idea,
    smtp_settings,  # noqa: F811
):
    smtp_settings.refuse = 1
    invite(make_idea(member), member, ["chua-co@doan-vnpt.test"])
    row = Delivery.objects.get(address="chua-co@doan-vnpt.test")
    assert row.status == Delivery.Status.PENDING and "451" in row.last_error  # was: lost
    Delivery.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
    outbox.sweep()
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENT
    ((rcpts, message),) = smtp_settings.messages
    assert rcpts == ["chua-co@doan-vnpt.test"]
    assert message["Message-ID"] == outbox.message_id(row.idempotency_key)


def test_erasure_wipes_the_invitation_copies(member, make_idea, make_user):
    from partnership import privacy

    invite(make_idea(member), member, ["chua-co@doan-vnpt.test"])
    AddressOptOut.objects.create(email="chua-co@doan-vnpt.test")
    person = make_user(email="chua-co@doan-vnpt.test")
    privacy.erase_user(user=person, by=person)
    (row,) = Delivery.objects.filter(kind=Delivery.Kind.MESSAGE)
    assert row.address == f"deleted-{person.pk}@invalid.example" and row.payload == {"wiped": True}
    assert not AddressOptOut.objects.exists()
