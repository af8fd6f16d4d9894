"""Item 9: the backup procedure of docs/operations.md, run for real.

pg_dump -Fc of the database plus a tar of MEDIA_ROOT; restore into a fresh database and a
fresh media folder; migrate is a no-op; the portal serves the restored data.
"""

import io
import os
import secrets
import subprocess
import sys

import psycopg
import pytest
from django.core.files.base import ContentFile
from PIL import Image

from partnership.news.models import Article

from .conftest import ROOT, gunicorn_serving, http_get, pg_url

pytestmark = pytest.mark.postgres


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (11, 79, 156)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def restore_db(pg):
    name = f"partnership_restore_{secrets.token_hex(4)}"
    admin_params = {**pg, "dbname": "postgres"}
    with psycopg.connect(**admin_params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(**admin_params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        with psycopg.connect(**admin_params, autocommit=True) as admin:
            left = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchall()
        assert not left


def test_dump_and_media_restore_into_a_fresh_database_and_the_portal_serves_them(
    pg, transactional_db, org_tree, restore_db, settings, tmp_path
):
    article = Article(
        title="Sao lưu và khôi phục: bài kiểm thử",
        slug="sao-luu-khoi-phuc",
        summary="Bài viết phải còn sau khi khôi phục.",
        body="Nội dung.",
    )
    article.cover_image.save("cover.png", ContentFile(_png()), save=False)
    article.save()
    cover = (settings.MEDIA_ROOT / article.cover_image.name).read_bytes()

    # Back up: the database in PostgreSQL's custom format, and the media folder.
    dump = tmp_path / "portal.dump"
    media_tar = tmp_path / "media.tar.gz"
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), pg_url(pg)], check=True)
    subprocess.run(["tar", "-C", str(settings.MEDIA_ROOT), "-czf", str(media_tar), "."], check=True)
    assert dump.stat().st_size > 10_000

    # Restore: a fresh database, a fresh media folder.
    restored_url = pg_url(pg, restore_db)
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", restored_url, str(dump)], check=True
    )
    media = tmp_path / "restored-media"
    media.mkdir()
    subprocess.run(["tar", "-C", str(media), "-xzf", str(media_tar)], check=True)

    env_run = {"DEBUG": "1", "DATABASE_URL": restored_url, "MEDIA_ROOT": str(media)}
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env={**_base_env(), **env_run},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr
    assert "No migrations to apply" in migrate.stdout

    with gunicorn_serving(restored_url, MEDIA_ROOT=str(media)) as url:
        status, html = http_get(url + "/news/")
        assert status == 200
        assert "Sao lưu và khôi phục: bài kiểm thử" in html.decode()
        status, body = http_get(url + "/news/sao-luu-khoi-phuc/cover")
        assert status == 200 and body == cover
        # The organisation tree came back too.
        status, html = http_get(url + "/units/")
        assert status == 200 and "Nghệ An" in html.decode()


def _base_env() -> dict:
    drop = {"REDIS_URL", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MEDIA_ROOT"}
    return {k: v for k, v in os.environ.items() if k not in drop}
