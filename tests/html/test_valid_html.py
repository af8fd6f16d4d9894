"""Every page of the crawl is valid HTML: 0 errors from the Nu HTML Checker.

The crawl is the permission matrix's URL table, fetched with the Django test client as a
visitor and as each role; every HTML page that answers 200 is written to a temporary folder
and vnu.jar (the `vnu-jar` npm package, installed by `.ci/run` from `package.json`) checks
them all in one run. Without the jar the test skips, unless CI=true.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_permission_matrix import MATRIX, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.html

ROOT = Path(__file__).resolve().parent.parent.parent
JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Visitor and one account of each role (the matrix's people: member, union officer, VNPT
# liaison, reviewer, content admin).
ROLES = ["anon", "member", "officer", "liaison", "reviewer", "admin"]
LIBRARY_PAGES = ["/account/login/", "/account/signup/", "/account/password/reset/"]


def _checker() -> list[str]:
    java = shutil.which("java")
    if not JAR.is_file() or not java:
        if os.environ.get("CI") == "true":
            pytest.fail("vnu.jar or java is missing: `npm install` from package.json first")
        pytest.skip("vnu.jar is not installed (npm install --ignore-scripts)")
    return [java, "-Xss4m", "-jar", str(JAR)]


def _crawl(world, folder: Path) -> dict[str, str]:  # noqa: F811
    """Write every 200 HTML page to `folder`; returns file name -> "URL as role"."""
    pages: dict[str, str] = {}
    urls = [reverse(name, kwargs=world[key] if key else {}) for name, (key, _) in MATRIX.items()]
    for role in ROLES:
        client = Client()
        if role != "anon":
            client.force_login(world["people"][role])
        for url in [*urls, *LIBRARY_PAGES]:
            response = client.get(url)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith(
                "text/html"
            ):
                continue
            name = f"{len(pages):04d}.html"
            (folder / name).write_bytes(response.content)
            pages[name] = f"{url} as {role}"
    return pages


def test_every_page_is_valid_html(world, tmp_path):  # noqa: F811
    command = _checker()
    folder = tmp_path / "pages"  # tmp_path/media holds the uploads (conftest)
    folder.mkdir()
    pages = _crawl(world, folder)
    assert len(pages) > 100, "the crawl found too few pages"
    run = subprocess.run(
        [*command, "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{pages.get(Path(m.get('url', '')).name, m.get('url'))} line {m.get('lastLine')}: "
        f"{m.get('message')}  [{(m.get('extract') or '').strip()[:120]}]"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(sorted(set(errors)))
