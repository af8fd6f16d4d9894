"""Item 3: security headers on every page, secure cookies in production, no inline code."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
# (path, logged in?)
PAGES = [
    ("/", True),
    ("/news/", False),
    ("/account/login/", False),
    ("/account/signup/", False),
    ("/me/", True),
    ("/me/delete/", True),
    ("/units/", True),
]


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize(("path", "logged_in"), PAGES)
def test_pages_answer_with_a_strict_csp_and_security_headers(client, member, path, logged_in):
    if logged_in:
        client.force_login(member)
    response = client.get(path)
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    for sources in csp.values():
        for source in sources:
            assert "unsafe" not in source, source
            assert source in ("'self'", "'none'", "data:"), f"third-party origin {source}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_anonymous_pages_have_the_headers_too(client, db):
    response = client.get("/account/login/")
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


_PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-like-secret-key-for-this-test-only-0123456789abcdef",
    "ALLOWED_HOSTS": "testserver,portal.example.vn",
    "SECURE_SSL_REDIRECT": "0",
}
_COOKIE_SETTINGS = [
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
]


def _production(code: str, **overrides) -> subprocess.CompletedProcess:
    drop = {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", *_PRODUCTION_ENV}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(_PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="partnership.settings")
    env.update(overrides)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def production_settings() -> dict:
    """The security settings as production (DEBUG=0) computes them, in a fresh process."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{k: getattr(s, k, None) for k in {_COOKIE_SETTINGS!r}}}))"
    )
    done = _production(code)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_settings_pass_the_deploy_check():
    done = _production(
        "import sys, django; django.setup(); from django.core.management import call_command; "
        "call_command('check', '--deploy', '--fail-level', 'WARNING')",
        SECURE_SSL_REDIRECT=None,  # production default: on
    )
    assert done.returncode == 0, done.stderr + done.stdout


def test_production_cookies_are_secure_httponly_samesite_and_hsts_is_sent(
    client, member, production_settings
):
    prod = dict(production_settings)
    assert prod["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"]
    assert prod["SESSION_COOKIE_HTTPONLY"] and prod["CSRF_COOKIE_HTTPONLY"]
    prod["SECURE_PROXY_SSL_HEADER"] = tuple(prod["SECURE_PROXY_SSL_HEADER"])
    with override_settings(**prod):
        login_page = client.get("/account/login/", secure=True)
        csrf = login_page.cookies[settings.CSRF_COOKIE_NAME]
        assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
        hsts = login_page["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts

        client.force_login(member)
        page = client.get("/me/", secure=True)
        session = page.cookies[settings.SESSION_COOKIE_NAME]
        assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
        switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)
        language = switched.cookies[settings.LANGUAGE_COOKIE_NAME]
        assert language["secure"]
        # Behind the proxy, the forwarded scheme counts as HTTPS too.
        proxied = client.get("/me/", HTTP_X_FORWARDED_PROTO="https")
        assert "Strict-Transport-Security" in proxied


# --- no inline code in templates (CSP would block it) ----------------------------------------

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_INLINE_ATTR = re.compile(r"\s(on[a-z]+|style)\s*=", re.IGNORECASE)
_JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
_EXTERNAL = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*\s(?:src|href)\s*=\s*[\"']?(?:https?:)?//",
    re.IGNORECASE,
)
_DATA_SCRIPT = re.compile(r"type\s*=\s*[\"']application/(ld\+)?json[\"']", re.IGNORECASE)


def _templates():
    skip = {".venv", "node_modules", "staticfiles", "var", "test-results", ".git"}
    for path in ROOT.rglob("*.html"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & skip or "templates" not in parts:
            continue
        # E-mail bodies are not web pages: mail clients need inline styles, CSP is not involved.
        if "email" in parts:
            continue
        yield path


def _offences(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = []
    for match in _SCRIPT.finditer(text):
        if match.group(2).strip() and not _DATA_SCRIPT.search(match.group(1)):
            found.append("inline <script> with content")
    for match in _TAG.finditer(text):
        for attr in _INLINE_ATTR.findall(match.group(0)):
            found.append(f"{attr}= attribute in {match.group(0)[:60]!r}")
    if _JS_URL.search(text):
        found.append("javascript: URL")
    for match in _EXTERNAL.finditer(text):
        found.append(f"third-party resource {match.group(0)[:60]!r}")
    return found


def test_the_scanner_catches_what_csp_blocks(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<script>alert(1)</script><a href="#" onclick="x()">a</a><p style="color:red">p</p>'
        '<a href="javascript:void(0)">j</a>'
        '<script src="https://cdn.example.com/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.com/a.css">'
    )
    assert len(_offences(bad)) == 6
    good = tmp_path / "good.html"
    good.write_text(
        '<script src="/static/js/x.js" defer></script><p class="muted">p</p>'
        '<script type="application/json" id="d">{"a": 1}</script>'
        '<a href="https://vnpt.vn/">VNPT</a><img src="{% url \'news:cover\' a.slug %}" alt="">'
    )
    assert _offences(good) == []


def test_no_template_has_inline_scripts_event_handlers_or_style_attributes():
    templates = list(_templates())
    assert len(templates) > 20
    offenders = {
        str(path.relative_to(ROOT)): found for path in templates if (found := _offences(path))
    }
    assert not offenders, "Templates CSP would break:\n" + "\n".join(
        f"  {name}: {'; '.join(found)}" for name, found in sorted(offenders.items())
    )
