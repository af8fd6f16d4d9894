"""The idea pages that must stay fast at a million ideas: keyset pages, bounded counts,
figures from snapshots, the moderation ranking kept on the idea."""

import datetime
import re
import time
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas import actions, selectors
from ideas.models import Idea, Status
from partnership import snapshots
from partnership.paging import _decode, _encode, keyset_page


def _titles(response):
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', response.text)


def _link(response, rel):
    m = re.search(rf'href="([^"]+)" rel="{rel}"', response.text)
    return m and response.request["PATH_INFO"] + m.group(1).replace("&amp;", "&")


def _next(response):
    return _link(response, "next")


def _prev(response):
    return _link(response, "prev")


@pytest.fixture
def many(make_idea, member):
    """45 published ideas; several share a submission time and a support count (ties)."""
    base = timezone.now() - datetime.timedelta(days=1)
    ideas = []
    for i in range(45):
        idea = make_idea(member, status=Status.UNDER_REVIEW, title=f"Ý tưởng số {i:02d}")
        Idea.objects.filter(pk=idea.pk).update(
            submitted_at=base + datetime.timedelta(minutes=i // 3), support_count=i % 4
        )
        ideas.append(idea)
    return ideas


def _walk(client, url):
    seen, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += _titles(response)
        pages += 1
        url = _next(response)
        assert pages < 10
    return seen, pages


@pytest.mark.parametrize("sort", ["", "supported", "awarded"])
def test_next_links_visit_every_idea_once_in_order(client, many, sort, settings):
    settings.PAGE_SIZE = 20
    url = reverse("ideas:index") + (f"?sort={sort}" if sort else "")
    seen, pages = _walk(client, url)
    expected = [i.title for i in selectors.gallery(sort=sort or "newest")]
    assert pages == 3
    assert seen == expected
    assert len(set(seen)) == 45


def test_previous_link_returns_the_same_page_and_numbers_follow(client, many, settings):
    settings.PAGE_SIZE = 20
    first = client.get(reverse("ideas:index"))
    second = client.get(_next(first))
    assert "Trang 2 / 3" in second.text
    third = client.get(_next(second))
    assert "Trang 3 / 3" in third.text and _next(third) is None
    back = client.get(_prev(third))
    assert _titles(back) == _titles(second)
    assert "Trang 2 / 3" in back.text
    assert _titles(client.get(_prev(back))) == _titles(first)


@pytest.mark.parametrize("cursor", ["junk", "W10", "eyJhIjoxfQ", "_-_", "W3sidiI6W119XQ"])
def test_a_cursor_that_is_not_ours_gives_the_first_page(client, many, cursor):
    response = client.get(reverse("ideas:index") + f"?after={cursor}&p=7")
    assert response.status_code == 200
    assert _titles(response) == _titles(client.get(reverse("ideas:index")))


def test_cursor_round_trip_keeps_types():
    now = timezone.now()
    values = [now, 7, Decimal("8.25"), None]
    assert _decode(_encode(values), 4) == values
    assert _decode(_encode(values), 3) is None


def test_deep_pages_query_by_key_not_offset(django_assert_max_num_queries, many):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = keyset_page(selectors.gallery().order_by(), selectors.SORT_KEYS["newest"], size=5)
    with CaptureQueriesContext(connection) as ctx:
        nxt = keyset_page(
            selectors.gallery().order_by(),
            selectors.SORT_KEYS["newest"],
            after=page.next_cursor,
            number=2,
            size=5,
        )
    sql = ctx.captured_queries[-1]["sql"].upper()
    assert "OFFSET" not in sql
    assert [i.pk for i in nxt] == [i.pk for i in selectors.gallery()[5:10]]


def test_search_count_is_capped(client, many, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 10)
    response = client.get(reverse("ideas:index") + "?q=y+tuong+so")
    assert "Tìm thấy hơn 10 ý tưởng" in response.text
    response = client.get(reverse("ideas:index") + "?q=so+04")
    assert "Tìm thấy 1 ý tưởng" in response.text


@pytest.mark.parametrize("frequent", [True, False])
def test_search_pages_walk_every_match_once_both_ways(
    client, many, monkeypatch, frequent, settings
):
    """A frequent phrase's pages walk the sort index; a rare one's (on PostgreSQL) come through
    the word-pair index: either way every match once, in order, and nothing else."""
    settings.PAGE_CACHE_ENABLED = False
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 5)  # more than the cap: pages walk
    monkeypatch.setattr(selectors, "FREQUENT_IN_SAMPLE", 1 if frequent else 1000)
    settings.PAGE_SIZE = 4
    seen, pages = _walk(client, reverse("ideas:index") + "?q=y+tuong+so+1")
    assert seen == [i.title for i in selectors.gallery(q="y tuong so 1")]  # newest first
    assert sorted(seen) == [f"Ý tưởng số {i}" for i in range(10, 20)]
    assert pages == 3


def test_gallery_total_is_a_snapshot_refreshed_in_the_background(client, many, make_idea, member):
    client.force_login(member)  # (anonymous pages also go through the page cache)
    assert "Tìm thấy 45 ý tưởng" in client.get(reverse("ideas:index")).text
    make_idea(member, status=Status.UNDER_REVIEW, title="Ý tưởng mới")
    # Within the snapshot's age the stored total is served (no count per request)...
    assert "Tìm thấy 45 ý tưởng" in client.get(reverse("ideas:index")).text
    # ...once it is older, the request still gets it while the task recomputes it.
    key = snapshots._key(snapshots._name(selectors.gallery_count), ("", "", "", "", False))
    from django.core.cache import cache

    stored_at, value = cache.get(key)
    cache.set(key, (stored_at - 120, value))
    snapshots._local.clear()
    client.get(reverse("ideas:index"))  # queues the refresh (run at once: tasks are eager)
    assert "Tìm thấy 46 ý tưởng" in client.get(reverse("ideas:index")).text


def test_snapshot_computes_once_then_serves_the_stored_value(db):
    calls = []

    def figure():
        calls.append(1)
        return len(calls)

    import sys

    module = sys.modules[__name__]
    module._figure = figure
    figure.__qualname__ = "_figure"
    assert snapshots.snapshot(figure, max_age=60) == 1
    assert snapshots.snapshot(figure, max_age=60) == 1
    assert len(calls) == 1
    snapshots.forget(figure)
    assert snapshots.snapshot(figure, max_age=60) == 2
    value, at = snapshots.snapshot_with_time(figure, max_age=60)
    assert value == 2 and abs(at.timestamp() - time.time()) < 5


def test_unit_dashboard_says_when_its_figures_were_computed(client, officer, published):
    client.force_login(officer)
    response = client.get(reverse("ideas:dashboard"))
    assert response.status_code == 200
    assert "Số liệu lúc" in response.text


def test_review_scores_are_kept_on_the_idea_for_the_ranking(published, make_user, admin_user):
    """The review actions keep the idea's figures (no signal): assign, review, unassign."""
    reviewer = make_user("reviewer", unit="Thành đoàn Hà Nội")
    other = make_user("reviewer", unit="Tỉnh đoàn Nghệ An")
    criteria = selectors.rubric_for(published)

    def review(assignment, value):
        scores = {c.pk: (value, "") for c in criteria}
        actions.submit_review(review=assignment, scores=scores, comment="", by=assignment.reviewer)

    first = actions.assign_reviewer(idea=published, reviewer=reviewer, by=admin_user)
    review(first, 8)
    second = actions.assign_reviewer(idea=published, reviewer=other, by=admin_user)
    published.refresh_from_db()
    assert (published.mean_score, published.reviews_done) == (Decimal("8.00"), 1)
    stale = Idea.objects.get(pk=published.pk)
    review(second, 6)
    stale.title = "Tên mới"
    stale.save()  # a stale copy must not write the old mean back
    published.refresh_from_db()
    assert (published.mean_score, published.reviews_done) == (Decimal("7.00"), 2)
    assert published.title == "Tên mới"
    actions.unassign_reviewer(review=second, by=admin_user)
    published.refresh_from_db()
    assert (published.mean_score, published.reviews_done) == (Decimal("8.00"), 1)
    actions.unassign_reviewer(review=first, by=admin_user)
    published.refresh_from_db()
    assert (published.mean_score, published.reviews_done) == (None, 0)
    review(actions.assign_reviewer(idea=published, reviewer=reviewer, by=admin_user), 8)
    queue = list(selectors.ranking(selectors.moderation_queue(admin_user)))
    assert queue[0] == published


@pytest.mark.parametrize("frequent", [True, False])
def test_search_with_filters_finds_the_same_ideas_both_ways(
    client, make_idea, make_user, member, agri, campaign, monkeypatch, frequent, settings
):
    """Field, campaign and province filters combined with a phrase: read directly (a frequent
    phrase under the filters) or through the index's filter tokens (a rare one), the same
    ideas, and only those."""
    from ideas.models import Field

    settings.PAGE_CACHE_ENABLED = False
    monkeypatch.setattr(selectors, "FREQUENT_IN_SAMPLE", 1 if frequent else 1000)
    edu = Field.objects.create(name="Giáo dục", slug="giao-duc")
    campaign.slug = "sang-tao-tre"
    campaign.save()
    vinh = make_user("member", unit="Đoàn Trường Đại học Vinh")  # Nghệ An
    title = "Thư viện số cho chi đoàn {}"
    make_idea(member, status=Status.UNDER_REVIEW, title=title.format("Hà Nội nông nghiệp"))
    make_idea(member, status=Status.UNDER_REVIEW, title=title.format("Hà Nội giáo dục"), field=edu)
    make_idea(vinh, status=Status.UNDER_REVIEW, title=title.format("Nghệ An"), campaign=campaign)
    make_idea(vinh, status=Status.UNDER_REVIEW, title="Máy sấy nông sản", campaign=campaign)

    def found(**params):
        response = client.get(reverse("ideas:index"), {"q": "thu vien so", **params})
        assert response.status_code == 200
        return sorted(i.title.rsplit(" ", 1)[-1] for i in response.context["page_obj"])

    assert found(field="giao-duc") == ["dục"]
    assert found(field=agri.slug) == ["An", "nghiệp"]
    assert found(campaign="sang-tao-tre") == ["An"]
    assert found(province="Nghệ An") == ["An"]
    assert found(province="Hà Nội", field=agri.slug) == ["nghiệp"]
    assert found(province="Nghệ An", field="giao-duc") == []


@pytest.mark.parametrize("status", [Status.UNDER_REVIEW, Status.AWARDED])
def test_recently_awarded_under_a_status_lists_that_status_in_the_full_order(
    client, many, status, settings
):
    """Under a status no awarded idea has, the walk starts after the awarded ideas (a
    condition on the sort key): the pages still list every idea of the status, in the order
    of the unfiltered "recently awarded" list."""
    settings.PAGE_SIZE = 20
    now = timezone.now()
    for days, idea in enumerate(many[:12]):
        Idea.objects.filter(pk=idea.pk).update(
            status=Status.AWARDED, awarded_at=now - datetime.timedelta(days=days % 5)
        )
    everyone = list(selectors.gallery(sort="awarded"))
    expected = [i.title for i in everyone if i.status == status]
    seen, _pages = _walk(client, reverse("ideas:index") + f"?status={status}&sort=awarded")
    assert seen == expected
    assert len(expected) == (12 if status == Status.AWARDED else 33)


def test_only_an_awarded_idea_has_an_award_date(make_idea, member):
    from django.db import IntegrityError, transaction

    idea = make_idea(member, status=Status.UNDER_REVIEW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.filter(pk=idea.pk).update(awarded_at=timezone.now())
    Idea.objects.filter(pk=idea.pk).update(status=Status.AWARDED, awarded_at=timezone.now())
    Idea.objects.filter(pk=idea.pk).update(status=Status.APPLIED)  # keeps its date
