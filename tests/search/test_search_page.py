"""The site-wide search page: grouped, diacritic-free, public rows only, bounded counts and a
fixed number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnership.search import selectors

from .conftest import KINDS, PHRASE, QUERY

URL = "/search/"


def groups(response):
    return {g.key: g for g in response.context["groups"]}


def test_every_kind_is_found_without_accents_and_grouped(client, one_of_each):
    response = client.get(URL, {"q": QUERY})

    assert response.status_code == 200
    found = groups(response)
    assert list(found) == KINDS  # one group per kind, in a fixed order
    html = response.content.decode()
    for kind, obj in one_of_each.items():
        assert found[kind].count == 1 and not found[kind].capped
        [result] = found[kind].results
        assert result.url == obj.get_absolute_url()
        assert f'href="{obj.get_absolute_url()}"' in html
        # each group's heading announces its count, and links to its own list with ?q=
        assert re.search(rf'<h2 id="results-{kind}-title">[^<]+<span class="search-count">1 ', html)
        assert f"{found[kind].see_all_url}" in html.replace("&amp;", "&")
        assert found[kind].see_all_url.endswith("?q=nong+nghiep+cong+nghe+cao")
    assert not response.context["empty_groups"]


def test_query_with_accents_and_odd_case_finds_the_same(client, one_of_each):
    response = client.get(URL, {"q": "  NÔNG   Nghiệp  "})
    assert {g.key for g in response.context["groups"]} == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_see_all_link_lists_the_same_rows(client, make_rows, kind):
    [obj] = make_rows(kind)
    make_rows(
        {"ideas": "services", "services": "news"}.get(kind, "ideas")
    )  # another kind, not in this list
    group = groups(client.get(URL, {"q": QUERY}))[kind]
    listing = client.get(group.see_all_url)
    assert listing.status_code == 200
    assert obj.get_absolute_url() in listing.content.decode()


def test_headings_and_title_show_the_query_and_counts(client, make_rows):
    make_rows("ideas", 3)
    html = client.get(URL, {"q": "nong nghiep"}).content.decode()
    assert "<title>“nong nghiep”" in html
    assert "“nong nghiep”</h1>" in html
    assert re.search(r"Ý tưởng <span class=\"search-count\">3 kết quả</span></h2>", html)
    assert 'role="search"' in html and '<label for="search-q">' in html


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_hidden_rows_never_appear(client, make_rows, member, who):
    from ideas.models import Status

    if who == "member":
        client.force_login(member)
    hidden = "Bí mật"  # in every hidden row's title
    make_rows("ideas", title=f"{hidden} {PHRASE} nháp", status=Status.DRAFT, submitted_at=None)
    make_rows("ideas", title=f"{hidden} {PHRASE} chờ sơ loại", status=Status.SUBMITTED)
    make_rows("ideas", title=f"{hidden} {PHRASE} bị loại", status=Status.REJECTED)
    make_rows("ideas", title=f"{hidden} {PHRASE} không đồng ý", consent_to_publish=False)
    make_rows("ideas", title=f"{hidden} {PHRASE} tác giả của tôi", author=member,
              unit=member.unit, status=Status.DRAFT)  # fmt: skip
    make_rows("news", title=f"{hidden} {PHRASE} chưa đăng", is_published=False)
    make_rows("news", title=f"{hidden} {PHRASE} hẹn giờ",
              published_at=timezone.now() + datetime.timedelta(days=1))  # fmt: skip
    make_rows("services", name=f"{hidden} {PHRASE} ẩn", published=False)
    make_rows("units", name=f"{hidden} {PHRASE} giải thể", retired_on=datetime.date(2025, 7, 1))

    response = client.get(URL, {"q": QUERY})
    assert response.status_code == 200
    assert hidden not in response.content.decode()
    assert not response.context["groups"]  # nothing visible matched: the "no match" message
    response = client.get(URL, {"q": "bi mat"})
    assert hidden not in response.content.decode()


def test_commitments_of_other_agreements_stay_out(client, make_rows, agreement):
    """Like the commitments page, the search covers the agreement the portal opens on."""
    from agreements.models import Agreement

    later = Agreement.objects.create(
        title="Thỏa thuận 2023–2027", slug="tt-2023", union_party=agreement.union_party,
        vnpt_party=agreement.vnpt_party, signed_on=datetime.date(2023, 3, 1),
        starts_on=datetime.date(2023, 3, 1), ends_on=datetime.date(2027, 12, 31),
    )  # fmt: skip
    [mine] = make_rows("commitments")
    make_rows("commitments", agreement=later, title="Thỏa thuận sau: nông nghiệp công nghệ cao")
    group = groups(client.get(URL, {"q": QUERY}))["commitments"]
    assert [r.url for r in group.results] == [mine.get_absolute_url()]


def test_first_five_shown_newest_first_with_the_total(client, make_rows):
    ideas = make_rows("ideas", 7)  # submitted a minute apart, the first one newest
    group = groups(client.get(URL, {"q": QUERY}))["ideas"]
    assert group.count == 7 and not group.capped
    assert [r.url for r in group.results] == [i.get_absolute_url() for i in ideas[:5]]


def test_counts_stop_at_the_cap(client, make_rows, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 3)
    make_rows("ideas", 5)
    make_rows("news", 3)
    response = client.get(URL, {"q": QUERY})
    found = groups(response)
    assert (found["ideas"].count, found["ideas"].capped) == (3, True)
    assert (found["news"].count, found["news"].capped) == (3, False)
    html = response.content.decode()
    assert re.search(r"Ý tưởng <span class=\"search-count\">3\+ kết quả</span>", html)
    assert "Ý tưởng (3+)" in html and "Tin tức (3)" in html


def test_capped_counts_never_read_past_the_cap(make_rows):
    from ideas.models import Idea

    make_rows("ideas", 4)
    assert selectors.capped_counts([Idea.objects.all(), Idea.objects.none()], 2) == [3, 0]


def test_the_default_cap_shows_as_100_plus(client, db):
    """101 matching articles: counted as "100+", never in full."""
    from partnership.news.models import Article
    from partnership.text import fold

    assert selectors.SEARCH_COUNT_CAP == 100
    Article.objects.bulk_create(
        Article(title=f"{PHRASE} {i}", slug=f"bulk-{i}", summary="Tóm tắt", body="Nội dung",
                search_text=fold(f"{PHRASE} {i}"))
        for i in range(101)
    )  # fmt: skip
    html = client.get(URL, {"q": QUERY}).content.decode()
    assert re.search(r"Tin tức <span class=\"search-count\">100\+ kết quả</span>", html)


def _queries(client, q):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_fixed_number_of_queries_whatever_the_matches(client, make_rows, member, who, settings):
    settings.PAGE_CACHE_ENABLED = False  # the cost of a cache miss (tests/caching has the hits)
    if who == "member":
        client.force_login(member)
    for kind in KINDS:
        make_rows(kind)
    _queries(client, QUERY)  # warm: sessions, content types, translations
    one = _queries(client, QUERY)
    for kind in KINDS:
        make_rows(kind, 12)
    _queries(client, QUERY)  # warm again: what is read once per process after new units
    many = _queries(client, QUERY)
    assert one == many
    # exactly one query per kind for its first rows, one for all the counts and one for the
    # ideas' capped lookup (their count), plus on PostgreSQL the sample that tells a frequent
    # phrase from a rare one (ideas.selectors.frequent), on top of what any page costs (the
    # session, the visitor and the header's notification badge for a member)
    sample = 1 if connection.vendor == "postgresql" else 0
    assert many - _queries(client, "") == len(KINDS) + 2 + sample


def test_a_kind_with_few_matches_is_searched_once(client, make_rows):
    sample = 1 if connection.vendor == "postgresql" else 0  # ideas.selectors.frequent()
    make_rows("ideas", 2)  # fewer than the five shown: the count is the rows already read
    make_rows("services", selectors.RESULTS_PER_KIND + 2)  # more: counted in the count query
    with CaptureQueriesContext(connection) as ctx:
        found = groups(client.get(URL, {"q": QUERY}))
    assert (found["ideas"].count, found["services"].count) == (2, selectors.RESULTS_PER_KIND + 2)
    # ideas: one capped lookup searches (and counts), then their rows are read by id
    searched = [q for q in ctx.captured_queries if "LIKE '% nong nghiep" in q["sql"]]
    assert len([q for q in searched if '"ideas_idea"' in q["sql"]]) == 1 + sample
    assert len([q for q in ctx.captured_queries if '"services_service"' in q["sql"]]) == 2


def test_empty_query_shows_the_form_and_runs_no_search(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="search"' in html and "nong nghiep" in html  # the accents hint
    assert "search-group" not in html and "empty-state" not in html
    assert "<title>Tìm trên cổng thông tin" in html


def test_no_match_says_so_helpfully(client, one_of_each):
    response = client.get(URL, {"q": "xyzzyqwv"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Không có nội dung nào khớp với “xyzzyqwv”" in html
    assert "Dấu tiếng Việt không bắt buộc" in html


@pytest.mark.parametrize(
    "q",
    [
        "a" * 10_000,
        "nong\x00 nghiep",
        "\x00\x00\x00",
        "!!!",
        "%%%",
        "___",
        "%_\\",
        "'; DROP TABLE ideas_idea; --",
        "ab",
        "🌾🌾🌾",
        "\u200b\u200b\u200bnong",
        "\ufffd\ufffd\ufffd",
    ],
)
def test_bad_input_never_errors(client, one_of_each, q):
    response = client.get(URL, {"q": q})
    assert response.status_code in (200, 400)  # the portal refuses NUL in any query string
    if response.status_code == 200:
        assert len(response.context["q"]) <= selectors.MAX_QUERY_LENGTH
    assert "\x00" not in response.content.decode()


def test_invalid_utf8_and_repeated_q(client, one_of_each):
    assert client.get("/search/?q=%ff%fe%fdnong").status_code == 200
    assert client.get("/search/?q=%ff%fe%fd%00nong").status_code == 400
    assert client.get("/search/?q=nong&q=nghiep").status_code == 200


def test_like_wildcards_match_literally(client, make_rows):
    make_rows("news", title="Giảm 100% phí kết nối cho chi đoàn")
    make_rows("news", title="Giảm 1000 phí kết nối cho chi đoàn")
    found = groups(client.get(URL, {"q": "100%"}))
    assert found["news"].count == 1
    assert "100%" in found["news"].results[0].title


def test_punctuation_only_asks_for_letters(client, one_of_each):
    response = client.get(URL, {"q": "?!."})
    html = response.content.decode()
    assert response.status_code == 200 and not response.context["searched"]
    assert "Hãy gõ ít nhất 3 chữ cái hoặc chữ số" in html


def test_control_characters_are_dropped_not_searched():
    """Defence in depth: the middleware already answers 400 to a NUL in the query string."""
    assert selectors.clean_query("nong\x00nghiep\u200b\tcao  ") == "nong nghiep cao"
    assert selectors.clean_query("x" * 5000) == "x" * selectors.MAX_QUERY_LENGTH
    assert selectors.clean_query(None) == ""


def test_header_box_on_every_page(client, db):
    html = client.get("/").content.decode()
    form = re.search(
        r'<form method="get" action="/search/" class="site-search".*?</form>', html, re.S
    )
    assert form, "the header search form is missing"
    form = form.group(0)
    assert 'role="search"' in form and 'type="search"' in form and 'name="q"' in form
    assert '<label for="site-search-q" class="visually-hidden">' in form


def test_trigram_indexes_exist_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes are PostgreSQL only (the migration is a no-op elsewhere)")
    # Each app declares the index of its own table in its migrations, under the names search
    # 0001 once gave them.
    names = {
        "search_service_text_trgm": "services_service",
        "search_article_text_trgm": "news_article",
        "search_commitment_text_trgm": "agreements_commitment",
        "search_activity_text_trgm": "agreements_jointactivity",
        "search_unit_text_trgm": "organisations_unit",
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [list(names)]
        )
        found = dict(cursor.fetchall())
    assert set(found) == set(names)
    assert all("gin_trgm_ops" in d and "(search_text" in d for d in found.values())
    assert all(f" ON public.{names[n]} " in d for n, d in found.items())
