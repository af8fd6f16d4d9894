"""Django admin speaks Vietnamese, third-party apps included, and English without Vietnamese.

The English names are taken from the admin itself in English mode (sections, models and the
actions of every change list), then the Vietnamese pages must show none of them; in English,
no help text of any add form is Vietnamese.
"""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

# Letters only Vietnamese uses (beyond what an English word or a French loan has).
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ]", re.IGNORECASE)


@pytest.fixture
def staff(client, make_user, settings):
    settings.ADMIN_REQUIRE_MFA = False
    user = make_user("content_admin", unit="trung-uong-doan")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    client.staff_user = user
    return client


def _get(client, url: str, language: str) -> str:
    client.cookies["portal_language"] = language
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return response.content.decode()


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _index(html: str) -> tuple[dict[str, str], dict[str, str]]:
    sections = {
        label: _text(name)
        for label, name in re.findall(
            r'<div class="app-([\w-]+) module[^"]*"[^>]*>\s*<table>\s*<caption>(.*?)</caption>',
            html,
            re.S,
        )
    }
    models = {
        mid: _text(name)
        for mid, name in re.findall(r'<th scope="row" id="([^"]+)">(.*?)</th>', html, re.S)
    }
    return sections, models


def test_admin_index_is_vietnamese_with_distinct_sections(staff):
    vi_sections, vi_models = _index(_get(staff, "/admin/", "vi"))
    en_sections, en_models = _index(_get(staff, "/admin/", "en"))
    assert len(vi_sections) >= 10 and set(vi_sections) == set(en_sections)
    assert {"axes", "sites", "mfa", "account", "accounts"} <= set(vi_sections)
    english = {
        f"{key}: {vi_sections[key]!r}"
        for key in vi_sections
        if vi_sections[key] == en_sections[key]
    } | {f"{key}: {vi_models[key]!r}" for key in vi_models if vi_models[key] == en_models[key]}
    assert not english, f"still in English in the Vietnamese admin: {sorted(english)}"
    headings = list(vi_sections.values())
    assert len(headings) == len(set(headings)), f"two sections share a heading: {headings}"
    page = _get(staff, "/admin/", "vi")
    assert (
        "<title>Quản trị Cổng Hợp tác Đoàn – VNPT" in page
        or "Cổng Hợp tác Đoàn – VNPT</title>" in page
    )
    assert "Django" not in _text(page)


def test_every_admin_action_is_vietnamese(staff, rf):
    """Every action of every model admin (third-party ones included), whether or not its
    change list has rows to show the action menu for."""
    from django.utils import translation

    request = rf.get("/admin/")
    request.user = staff.staff_user
    english, seen = [], set()
    for model, model_admin in admin.site._registry.items():
        for name, (_func, _name, description) in model_admin.get_actions(request).items():
            seen.add(name)
            with translation.override("en"):
                en = str(description) % {
                    "verbose_name_plural": str(model._meta.verbose_name_plural)
                }
            with translation.override("vi"):
                vi = str(description) % {
                    "verbose_name_plural": str(model._meta.verbose_name_plural)
                }
            if vi == en or not VIETNAMESE.search(vi):
                english.append(f"{model._meta.label} {name}: {vi!r}")
    assert {"delete_selected", "cleanup_expired_attempts"} <= seen
    assert not english, "actions still in English:\n" + "\n".join(english)


def _help_texts(html: str) -> dict[str, str]:
    return {
        hid: _text(body)
        for hid, body in re.findall(
            r'<div class="help"[^>]*id="([^"]+)"[^>]*>(.*?)</div>', html, re.S
        )
    }


def test_english_admin_shows_no_vietnamese_help_text(staff):
    """A help text is English in English mode: it differs from the Vietnamese one whenever it
    holds Vietnamese letters (an example name such as "Minh Châu" in English text is fine)."""
    found, checked = [], 0
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        staff.cookies["portal_language"] = "en"
        if staff.get(url, HTTP_ACCEPT_LANGUAGE="en").status_code != 200:
            continue  # no add page (read-only admins)
        en = _help_texts(_get(staff, url, "en"))
        vi = _help_texts(_get(staff, url, "vi"))
        checked += len(en)
        found += [
            f"{url} {hid}: {text[:100]}"
            for hid, text in en.items()
            if VIETNAMESE.search(text) and vi.get(hid) == text
        ]
    assert checked > 10
    assert not found, "Vietnamese help text in English mode:\n" + "\n".join(found)


def test_upload_help_text_follows_the_language():
    from django.utils import translation

    from services.forms import MessageForm

    with translation.override("en"):
        english = str(MessageForm().fields["attachment"].help_text)
    with translation.override("vi"):
        vietnamese = str(MessageForm().fields["attachment"].help_text)
    assert english.startswith("PDF, Office document or image, up to ")
    assert vietnamese.startswith("PDF, tài liệu Office hoặc ảnh")
