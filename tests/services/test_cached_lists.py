"""The request lists of logged-in pages are cached (pagecache.fragment_key) and never stale.

The queue of a branch and an officer's request list keep their rendered table in the cache
until a request, a unit or a person changes; a hit reads no request row. These tests warm the
cache, change the data the way the portal does, and read the very next page.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services import actions
from services.models import Status

pytestmark = pytest.mark.django_db


def _html(client, path="/services/queue/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_a_warm_queue_reads_no_request_and_shows_a_new_one_at_once(
    client, submit, nghean_officer, nghean_liaison
):
    first = submit(nghean_officer)
    client.force_login(nghean_liaison)
    assert first.reference in _html(client)
    with CaptureQueriesContext(connection) as queries:
        assert first.reference in _html(client)
    assert not [q for q in queries.captured_queries if "services_servicerequest" in q["sql"]]

    second = submit(nghean_officer, plan="app1")
    assert second.reference in _html(client)


def test_a_status_change_shows_at_once(client, submit, nghean_officer, nghean_liaison):
    request = submit(nghean_officer)
    client.force_login(nghean_liaison)
    assert "status-submitted" in _html(client)
    actions.set_status(request=request, new_status=Status.ACCEPTED, by=nghean_liaison)
    html = _html(client)
    assert "status-accepted" in html
    assert "status-submitted" not in html


def test_each_branch_and_each_officer_has_its_own_list(
    client, submit, make_user, nghean_officer, nghean_liaison, hanoi_liaison
):
    ours = submit(nghean_officer)
    client.force_login(nghean_liaison)
    assert ours.reference in _html(client)
    client.force_login(hanoi_liaison)
    assert ours.reference not in _html(client)  # same filters, another branch: another key

    client.force_login(nghean_officer)
    assert ours.reference in _html(client, "/services/requests/")
    client.force_login(make_user("member", "union_officer", unit="Thành đoàn Hà Nội"))
    assert ours.reference not in _html(client, "/services/requests/")


def test_filters_and_language_are_part_of_the_key(client, submit, nghean_officer, nghean_liaison):
    request = submit(nghean_officer)
    client.force_login(nghean_liaison)
    assert request.reference in _html(client)
    assert request.reference not in _html(client, "/services/queue/?status=completed")
    client.get("/language/?language=en&next=/")
    assert "Service requests routed to" in _html(client)
