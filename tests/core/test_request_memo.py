"""One request asks the cache once for what every part of a logged-in page needs.

partnership/requestmemo.py fetches every namespace generation in one round trip and remembers them until the request ends; writes made during the request
update the memo.
"""

from unittest import mock

from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from partnership import pagecache, requestmemo


def test_a_warm_logged_in_page_makes_two_cache_round_trips(client, make_user):
    user = make_user("vnpt_liaison", unit="VNPT Nghệ An")
    client.force_login(user)
    for _ in range(2):
        assert client.get("/services/queue/").status_code == 200
    trips, inside = [], []
    real_get, real_get_many = cache.get, cache.get_many

    def get(*args, **kwargs):
        if not inside:  # the local-memory backend answers get_many with one get per key
            trips.append("get")
        return real_get(*args, **kwargs)

    def get_many(*args, **kwargs):
        trips.append("get_many")
        inside.append(True)
        try:
            return real_get_many(*args, **kwargs)
        finally:
            inside.pop()

    with mock.patch.object(cache, "get", get), mock.patch.object(cache, "get_many", get_many):
        assert client.get("/services/queue/").status_code == 200
    # all generations at once, then the cached table; the session, the visitor and the badge
    # come from the database (docs/security.md)
    assert trips == ["get_many", "get"]


def test_a_change_made_during_the_request_is_seen_by_the_rest_of_it(db):
    seen = {}

    def view(request):
        seen["before"] = pagecache.generations(["news"])["news"]
        pagecache.bump("news")
        seen["after"] = pagecache.generations(["news"])["news"]
        return HttpResponse()

    requestmemo.RequestMemoMiddleware(view)(RequestFactory().get("/"))
    assert seen["after"] > seen["before"]


def test_outside_a_request_every_call_reads_the_cache():
    before = pagecache.generations(["news"])["news"]
    cache.set(pagecache._gen_key("news"), before + 5, timeout=None)  # another process bumped
    assert pagecache.generations(["news"])["news"] == before + 5
