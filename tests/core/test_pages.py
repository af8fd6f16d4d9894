import io

from partnership.news.models import Article


def test_home_in_vietnamese_with_news(client, settings, db):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    html = client.get("/").content.decode()
    assert 'lang="vi"' in html
    assert "23/08/2019" in html
    assert "VNPT Pay" in html  # the newest news


def test_english_available(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "The Youth Union and VNPT" in html


def test_news_list_search_detail_and_feed(client, settings, db):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    assert "MyEnglish" in client.get("/news/?q=tieng anh").content.decode()
    article = Article.objects.get(slug="trung-uong-doan-va-vnpt-ky-thoa-thuan-hop-tac-2019-2022")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Minh Châu" in html and "Lê Quốc Phong" in html
    feed = client.get("/news/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert article.title in feed.content.decode()
    assert client.get(f"/news/{article.slug}/cover").status_code == 200


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_money_and_dates():
    from partnership.money import format_vnd
    from partnership.text import fold

    assert format_vnd(1082400) == "1.082.400\u00a0₫"
    assert format_vnd(46200) == "46.200\u00a0₫"
    assert fold("Tiếng Anh") == "tieng anh"
    assert fold("Đoàn ĐẠI HỌC") == "doan dai hoc"


def test_vietnamese_even_when_the_browser_asks_for_english(client, db):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html
    assert "Đoàn Thanh niên và VNPT đồng hành" in html


def test_nul_in_a_query_string_is_a_400_not_a_500(client, db):
    assert client.get("/units/", {"province": "Hà\x00Nội"}).status_code == 400
    assert client.get("/news/", {"q": "a\x00"}).status_code == 400
    assert client.get("/news/", {"q": "tiếng anh"}).status_code == 200


def test_ids_and_years_render_ungrouped_and_amounts_grouped():
    """A bare number in a template (an id in an attribute, a year) must not come out as
    "1.305"; amounts are grouped on purpose."""
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("vi"):
        html = Template(
            '<tr id="plan-{{ pk }}">{{ year }} {{ n|intcomma }} {{ money|vnd }}'
        ).render(Context({"pk": 1305, "year": 2022, "n": 15700, "money": 1082400}))
    assert html == '<tr id="plan-1305">2022 15.700 1.082.400\u00a0₫'
