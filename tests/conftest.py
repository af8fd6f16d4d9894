"""Fixtures shared by every test: the organisation tree, people by role, a real browser."""

import os
import shutil
from pathlib import Path

import pytest

from tests import factories
from tests.factories import person

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


# People by role, one line each (tests/factories.person); app conftests add their own.
member = person("member", "member", unit="Đoàn Thanh niên Đại học Quốc gia Hà Nội")
officer = person("officer", "union_officer", unit="Thành đoàn Hà Nội")
hanoi_officer = person("hanoi_officer", "union_officer", unit="Thành đoàn Hà Nội")
tw_officer = person("tw_officer", "union_officer", unit="Văn phòng Trung ương Đoàn")
hanoi_liaison = person("hanoi_liaison", "vnpt_liaison", unit="VNPT Hà Nội")
hq_liaison = person("hq_liaison", "vnpt_liaison", unit="vnpt")
nghean_liaison = person("nghean_liaison", "vnpt_liaison", unit="VNPT Nghệ An")
admin_user = person("admin_user", "content_admin", unit="trung-uong-doan")


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
    pg = factories.browser_page(browser, live_server.url)
    yield pg
    pg.context.close()


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
