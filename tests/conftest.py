"""Fixtures shared by every test: the organisation tree, people by role, a real browser."""

import os
import shutil
from pathlib import Path

import pytest

from tests import factories

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# there unless told that this (test-only) use is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = Path(__file__).resolve().parent.parent / "test-results"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the organisation tree once; tests roll back on top of it."""
    from partnership.organisations import demo

    with django_db_blocker.unblock():
        demo.load(_Quiet())


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.AXES_ENABLED = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from partnership.celery import app

    app.conf.task_always_eager = True
    from django.core.cache import cache, caches

    from partnership import snapshots

    cache.clear()
    caches["local"].clear()
    snapshots._local.clear()


@pytest.fixture
def org_tree(db):
    """The demo organisation tree: Trung ương Đoàn, 34 provinces + 29 retired, VNPT."""
    from partnership.organisations import demo
    from partnership.organisations.models import Unit

    if not Unit.objects.filter(slug="trung-uong-doan").exists():
        demo.load(_Quiet())  # a transactional test before this one flushed it
    return demo.unit


@pytest.fixture
def make_user(db, org_tree):
    return factories.make_user


@pytest.fixture
def member(make_user):
    return make_user("member", unit="Đoàn Thanh niên Đại học Quốc gia Hà Nội")


@pytest.fixture
def officer(make_user):
    return make_user("union_officer", unit="Thành đoàn Hà Nội")


@pytest.fixture
def hanoi_liaison(make_user):
    return make_user("vnpt_liaison", unit="VNPT Hà Nội")


@pytest.fixture
def hq_liaison(make_user):
    return make_user("vnpt_liaison", unit="vnpt")


class _Quiet:
    def write(self, *args, **kwargs):
        pass


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI (apt-get install -y chromium)")
        pytest.skip("no Chromium on this machine")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 1280, "height": 900}, base_url=live_server.url
    )
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.fixture
def shots():
    """Save a screenshot under test-results/ at phone and desktop widths."""

    def take(page, name):
        OUTPUT.mkdir(exist_ok=True)
        size = page.viewport_size
        for label, width in [("phone", 375), ("desktop", 1280)]:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(OUTPUT / f"{name}-{label}.png"), full_page=True)
        page.set_viewport_size(size)

    return take
