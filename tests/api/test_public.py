"""The public API: what it shows, in which language, how it pages, caches and limits."""

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.test import Client

from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_catalogue_with_prices_eligibility_and_validity(client, public):
    services = {s["slug"] for s in results(client.get("/api/v1/services/"))}
    assert services == {"mytv", "myenglish"}
    mytv = client.get("/api/v1/services/mytv/").json()
    plans = {p["code"]: p for p in mytv["plans"]}
    assert plans["stb-7"]["monthly_price"] == 55_000
    assert plans["stb-7"]["monthly_price_with_vat"] == 60_500
    assert plans["stb-7"]["term_total_with_vat"] == 363_000
    assert set(plans["stb-7"]["audiences"]) >= {"member", "unit"}
    assert "ended" not in plans  # ended more than a year ago, as on the page
    assert all(p["on_sale"] and p["valid_from"] == "2020-01-01" for p in plans.values())
    assert "grassroots" not in plans["vip-15"]["levels"]
    assert client.get("/api/v1/services/draft/").status_code == 404
    members = {s["slug"] for s in results(client.get("/api/v1/services/?audience=member"))}
    assert members == {"mytv", "myenglish"}
    cheap = results(client.get("/api/v1/services/", {"price_max": 50_000}))
    assert [s["slug"] for s in cheap] == ["mytv"]
    assert [s["slug"] for s in results(client.get("/api/v1/services/?q=tieng anh"))] == [
        "myenglish"
    ]
    categories = {c["slug"]: c["service_count"] for c in results(client.get("/api/v1/categories/"))}
    assert categories == {"tv": 1, "edu": 1}


def test_bad_queries_answer_400_with_field_messages(client, public):
    response = client.get("/api/v1/services/", {"price_min": "-1", "audience": "alien"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"price_min", "audience"}
    assert client.get("/api/v1/ideas/", {"province": "Atlantis"}).status_code == 400
    assert client.get("/api/v1/services/", {"category": "nope"}).status_code == 404


def test_ideas_gallery_search_and_keyset_pages(client, public):
    url, seen = "/api/v1/ideas/?page_size=10", []
    pages = 0
    while url:
        body = client.get(url).json()
        seen += [i["id"] for i in body["results"]]
        url, pages = body["next"], pages + 1
    assert pages == 3
    assert sorted(seen) == sorted(i.pk for i in public["ideas"])
    assert len(set(seen)) == 25
    found = client.get("/api/v1/ideas/", {"q": "thu vien so"}).json()
    assert found["count"] == 24
    awarded = results(client.get("/api/v1/ideas/", {"status": "awarded"}))
    assert [i["title"] for i in awarded] == ["Máy sấy nông sản"]
    assert client.get(f"/api/v1/ideas/{public['draft'].pk}/").status_code == 404
    detail = client.get(f"/api/v1/ideas/{public['ideas'][0].pk}/").content.decode()
    assert "Bí Mật" not in detail and "@doan-vnpt.test" not in detail


def test_commitments_with_indicators_and_figures(client, public):
    rows = results(client.get("/api/v1/commitments/"))
    assert [c["code"] for c in rows] == ["Đ.1", "V.5"]
    indicator = rows[0]["indicators"][0]
    assert indicator["target"] == 34
    assert indicator["current"] == 0 and indicator["state"] == "not_started"
    union = results(client.get("/api/v1/commitments/", {"party": "union"}))
    assert [c["code"] for c in union] == ["Đ.1"]


def test_activities_and_news(client, public):
    slugs = [a["slug"] for a in results(client.get("/api/v1/activities/"))]
    assert slugs == ["hoi-thao", "ngay-hoi"]
    nghe_an = results(client.get("/api/v1/activities/", {"province": "Nghệ An"}))
    assert [a["slug"] for a in nghe_an] == ["ngay-hoi"]
    assert [a["slug"] for a in results(client.get("/api/v1/news/"))] == ["ky-ket"]


def test_etag_and_conditional_get(client, public):
    first = client.get("/api/v1/services/")
    etag = first["ETag"]
    assert etag and "public" in first["Cache-Control"]
    assert "Accept-Language" in first["Vary"]
    again = client.get("/api/v1/services/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    from services.models import Service

    Service.objects.filter(slug="mytv").update(summary="Truyền hình số mới")
    assert client.get("/api/v1/services/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_language_follows_accept_language_for_the_api_only(public):
    client = Client()
    client.cookies["portal_language"] = "vi"
    english = client.get("/api/v1/services/?price_min=-1", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    vietnamese = client.get("/api/v1/services/?price_min=-1", HTTP_ACCEPT_LANGUAGE="vi")
    default = Client().get("/api/v1/services/?price_min=-1")
    assert english["Content-Language"] == "en"
    assert vietnamese["Content-Language"] == "vi" == default["Content-Language"]
    assert english.json()["detail"] == "The request has errors: see the fields."
    assert vietnamese.json()["detail"] == default.json()["detail"] != english.json()["detail"]
    # The site itself still opens in Vietnamese whatever the browser asks.
    assert Client().get("/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "vi"


def test_rate_limits_answer_429_with_retry_after(settings, branch, public):
    settings.API_RATE_LIMITS = {"ip": "3/d", "key": "2/d"}  # one window for the whole test
    cache.clear()
    client = Client()
    codes = [client.get("/api/v1/categories/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/categories/")
    assert 0 < int(limited["Retry-After"]) <= 86400
    keyed = Client()
    keyed.defaults.update(bearer(branch["key"]))
    codes = [keyed.get("/api/v1/branch/requests/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert int(keyed.get("/api/v1/branch/requests/")["Retry-After"]) > 0


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/openapi.json", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = json.loads(schema.content)["paths"]
    assert "/api/v1/branch/requests/{reference}/move/" in paths
    page = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "https://" not in page
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content
    footer = client.get("/").content.decode()
    assert 'href="/api/v1/docs/"' in footer and 'href="/open-data/"' in footer


def test_open_data_export_has_a_licence_and_no_personal_data(client, public):
    from partnership.api.tasks import export_open_data

    counts = export_open_data()
    assert counts == {"ideas": 25, "indicators": 2}
    ideas = client.get("/open-data/ideas.csv")
    text = b"".join(ideas.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 25 and "Bí Mật" not in text and "@" not in text
    payload = json.loads(b"".join(client.get("/open-data/indicators.json").streaming_content))
    assert payload["licence"] == "CC BY 4.0"
    assert {r["indicator"] for r in payload["rows"]} == {
        "Tỉnh đoàn dùng văn phòng điện tử VNPT",
        "Cuộc thi trực tuyến",
    }
    page = client.get("/open-data/").content.decode()
    assert "CC BY 4.0" in page and "/open-data/ideas.csv" in page
    assert client.get("/open-data/people.csv").status_code == 404


def test_limits_fail_open_when_redis_is_down(settings, public):
    """No Redis (nothing listens on port 1): the counters are lost and no call is refused."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "partnership.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    settings.API_RATE_LIMITS = {"ip": "2/d", "key": "2/d"}
    assert caches["default"].__class__.__name__ == "FailOpenRedisCache"
    codes = {Client().get("/api/v1/categories/").status_code for _ in range(4)}
    assert codes == {200}
