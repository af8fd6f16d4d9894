"""Static files under production settings: hashed names, compressed, cached for ten years."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

FOREVER = "max-age=315360000"


@pytest.fixture
def collected(settings, tmp_path):
    """collectstatic into a fresh root with the production storage (STATIC_MANIFEST=1)."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.DEBUG = False
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    # The admin's 127 files would only make this slower; the pages below use none of them.
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
    return settings.STATIC_ROOT


def test_hashed_static_files_are_compressed_and_cached_forever(collected):
    client = Client()  # a new handler: WhiteNoise indexes the new root when it starts
    page = client.get("/")
    css = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', page.content.decode())
    assert css, "the page links the hashed stylesheet"
    url = css.group(1)

    for encoding in ("br", "gzip"):
        response = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
        assert response.status_code == 200
        assert response["Content-Encoding"] == encoding
        assert FOREVER in response["Cache-Control"] and "immutable" in response["Cache-Control"]
        assert "Accept-Encoding" in response["Vary"]
    plain = client.get(url)
    assert plain.status_code == 200 and "Content-Encoding" not in plain
    assert int(plain["Content-Length"]) > int(
        client.get(url, HTTP_ACCEPT_ENCODING="br")["Content-Length"]
    )
    etag = plain["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    # The unhashed name still answers, but only for a minute: it can change under that name.
    unhashed = client.get("/static/css/portal.css", HTTP_ACCEPT_ENCODING="gzip")
    assert unhashed.status_code == 200 and FOREVER not in unhashed["Cache-Control"]
    assert "immutable" not in unhashed["Cache-Control"]

    script = re.search(r'src="(/static/js/portal\.[0-9a-f]{12}\.js)"', page.content.decode())
    response = client.get(script.group(1), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "br" and FOREVER in response["Cache-Control"]
