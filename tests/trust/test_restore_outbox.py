"""Issue 18 point 11, for real: pg_dump with a delivery pending, pg_restore into a fresh
database, `migrate` as in docs/operations.md: the restored copy holds it; the live one not."""

import subprocess
import sys

import psycopg
import pytest
from django.db import transaction

from ideas.models import IDEA_NOTICES
from partnership.notifications import outbox
from partnership.notifications.actions import notify
from partnership.notifications.models import Delivery

from .conftest import ROOT, pg_url
from .test_backups import _base_env, restore_db  # noqa: F401 (the fresh database fixture)

pytestmark = pytest.mark.postgres


def test_restore_holds_pending_deliveries_and_the_live_database_is_untouched(
    pg,
    transactional_db,
    make_user,
    restore_db,  # noqa: F811
    tmp_path,
):
    user = make_user()
    with transaction.atomic():
        (n,) = notify(recipients=[user], event="testing.unit_changed", category=IDEA_NOTICES)
    d = Delivery.objects.get(notification=n)
    # Pending at dump time (the worker had not got to it yet).
    Delivery.objects.filter(pk=d.pk).update(status="pending", tries=0, sent_at=None)
    outbox.check_restored()  # the live database's epoch, as migrate/the sweeper leave it
    dump = tmp_path / "portal.dump"
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), pg_url(pg)], check=True)
    restored_url = pg_url(pg, restore_db)
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", restored_url, str(dump)], check=True
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env={**_base_env(), "DEBUG": "1", "DATABASE_URL": restored_url},
        check=True,
        capture_output=True,
    )
    with psycopg.connect(restored_url) as conn:
        status, error = conn.execute(
            "SELECT status, last_error FROM notifications_delivery WHERE id = %s", [d.pk]
        ).fetchone()
        held = conn.execute("SELECT held FROM notifications_outboxepoch").fetchone()[0]
    assert status == "held" and "restored from a backup" in error and held == 1
    assert outbox.check_restored() == 0  # the live database is not a restore
    assert Delivery.objects.get(pk=d.pk).status == "pending"
