import datetime

import factory
import pytest

from partnership.accounts.actions import set_role
from partnership.accounts.models import User
from partnership.organisations.demo import unit as demo_unit

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@doan-vnpt.test")
    full_name = factory.Faker("name", locale="vi_VN")
    phone = "0912345678"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(*roles, unit=None, **fields):
    """A user with the given roles in the named unit (name or slug of the demo tree)."""
    if unit is not None and isinstance(unit, str):
        unit = demo_unit(unit)
    user = UserFactory(unit=unit, **fields)
    for role in roles:
        set_role(user=user, role=role, granted=True, by=None)
    if "content_admin" in roles:
        user.is_superuser = True
        user.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def person(name: str, *roles: str, unit: str):
    """A fixture `name` giving a new user with `roles` in the demo unit `unit` (conftests
    declare their people in one line each: `officer = person("officer", "union_officer", ...)`)."""

    @pytest.fixture(name=name)
    def fixture(make_user):
        return make_user(*roles, unit=unit)

    return fixture


# --- domain rows the tests of several apps need -----------------------------------------------


def make_agreement(**fields):
    """The 2019–2022 agreement between Trung ương Đoàn and VNPT (fields override)."""
    from agreements.models import Agreement

    values = {
        "title": "Thỏa thuận hợp tác 2019–2022",
        "slug": "tt-2019",
        "union_party": demo_unit("trung-uong-doan"),
        "vnpt_party": demo_unit("vnpt"),
        "place": "Hà Nội",
        "signed_on": datetime.date(2019, 8, 23),
        "starts_on": datetime.date(2019, 8, 23),
        "ends_on": datetime.date(2022, 12, 31),
        **fields,
    }
    return Agreement.objects.create(**values)


def make_commitment(agreement, *, responsible=(), reviewing=(), **fields):
    """A commitment of `agreement`: by default the Union's Đ.1 (ICT products, all levels)."""
    from agreements.models import Commitment, Level, Theme
    from partnership.organisations.models import Party

    values = {
        "code": "Đ.1",
        "party": Party.UNION,
        "level": Level.ALL_LEVELS,
        "theme": Theme.ICT_PRODUCTS,
        "title": "Ưu tiên sản phẩm VNPT",
        "text": "Trung ương Đoàn ưu tiên sử dụng các sản phẩm, dịch vụ của VNPT.",
        **fields,
    }
    commitment = Commitment.objects.create(agreement=agreement, **values)
    if responsible:
        commitment.responsible_units.set(responsible)
    if reviewing:
        commitment.reviewing_units.set(reviewing)
    return commitment


def make_activity(agreement, title, slug, **fields):
    """A joint activity of `agreement`: youth activities on 5–6 November 2021 unless fields
    say otherwise."""
    from agreements.models import JointActivity

    values = {
        "theme": "youth_activities",
        "starts_on": datetime.date(2021, 11, 5),
        "ends_on": datetime.date(2021, 11, 6),
        **fields,
    }
    return JointActivity.objects.create(agreement=agreement, title=title, slug=slug, **values)


def make_service(category=None, **fields):
    """A published service of VNPT Media (MyTV unless fields say otherwise)."""
    from services.models import Category, Service

    if category is None:
        category, _ = Category.objects.get_or_create(
            slug="tv", defaults={"name": "Truyền hình và nội dung số"}
        )
    values = {
        "slug": "mytv",
        "name": "Truyền hình MyTV",
        "summary": "Truyền hình số",
        "provider": demo_unit("VNPT Media"),
        "published": True,
        **fields,
    }
    return Service.objects.create(category=category, **values)


def idea_field():
    """The idea field "Nông nghiệp" (created once)."""
    from ideas.models import Field

    return Field.objects.get_or_create(slug="nong-nghiep", defaults={"name": "Nông nghiệp"})[0]


IDEA_TEXT = {
    "title": "Máy sấy nông sản năng lượng mặt trời",
    "summary": "Máy sấy dùng năng lượng mặt trời cho nông sản.",
    "problem": "Nông dân phơi nông sản ngoài trời, hư hỏng khi mưa.",
    "solution": "Lắp máy sấy năng lượng mặt trời giá rẻ.",
    "impact": "Giảm 30% thất thoát sau thu hoạch.",
}


def make_idea(author, *, status="draft", **fields):
    """An idea of `author` in their unit, with the full text, submitted unless a draft."""
    from django.utils import timezone

    from ideas.models import Idea

    values = {
        **IDEA_TEXT,
        "field": fields.pop("field", None) or idea_field(),
        "consent_to_publish": True,
        "submitted_at": None if status == "draft" else timezone.now(),
        **fields,
    }
    return Idea.objects.create(author=author, unit=author.unit, status=status, **values)


def make_campaign(*, criteria=((("Tính mới", 3), ("Tính khả thi", 1))), fields=(), **values):
    """A campaign of Trung ương Đoàn open for submissions now, with weighted criteria."""
    from django.utils import timezone

    from ideas.models import Campaign, Criterion

    now = timezone.now()
    campaign = Campaign.objects.create(
        **{
            "title": "Tuổi trẻ sáng tạo 2026",
            "slug": "tts-2026",
            "organising_unit": demo_unit("trung-uong-doan"),
            "submission_opens": now - datetime.timedelta(days=10),
            "submission_closes": now + datetime.timedelta(days=20),
            **values,
        }
    )
    campaign.fields.add(*fields)
    for order, (name, weight) in enumerate(criteria, start=1):
        Criterion.objects.create(campaign=campaign, name=name, weight=weight, order=order)
    return campaign


# --- real browser sessions --------------------------------------------------------------------


def browser_page(browser, base_url: str):
    """A fresh Chromium page (its own context: cookies) on the live server, in Vietnamese."""
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 1280, "height": 900}, base_url=base_url
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def log_in(page, user) -> None:
    """Log `user` in through the real form (the PASSWORD every factory user has)."""
    page.goto("/account/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def logged_in(browser, base_url: str, user):
    """A fresh page with `user` logged in."""
    page = browser_page(browser, base_url)
    log_in(page, user)
    return page


# The admin's "add news article" form, filled in (a cover image is added by each test).
NEWS_ARTICLE_FORM = {
    "title": "Bài có ảnh bìa",
    "slug": "bai-co-anh-bia",
    "summary": "Tóm tắt",
    "body": "Nội dung",
    "published_at_0": "26/11/2026",
    "published_at_1": "08:00:00",
    "is_published": "on",
}
