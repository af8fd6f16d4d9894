"""One visible row of every kind the site-wide search covers, all about "nông nghiệp công nghệ
cao", and a hidden twin of each kind that must never be found."""

import datetime
import itertools

import pytest
from django.utils import timezone

PHRASE = "Nông nghiệp công nghệ cao"
QUERY = "nong nghiep cong nghe cao"  # the same words, typed without accents
_n = itertools.count(1)


@pytest.fixture
def agreement(org_tree):
    from tests.factories import make_agreement

    return make_agreement(place="")


@pytest.fixture
def make_rows(org_tree, agreement, django_user_model):
    """make_rows(kind, n, **overrides): n rows of that kind whose text holds PHRASE."""
    from agreements.models import Commitment
    from ideas.models import Field, Idea, Status
    from partnership.news.models import Article
    from partnership.organisations.models import Kind, Party, Unit
    from services.models import Category, Service
    from tests.factories import make_activity, make_user

    field, _ = Field.objects.get_or_create(slug="nong-nghiep", defaults={"name": "Nông nghiệp"})
    category, _ = Category.objects.get_or_create(slug="nong-thon", defaults={"name": "Nông thôn"})
    author = make_user("member", unit="Tỉnh đoàn Nghệ An")
    parent = org_tree("Tỉnh đoàn Nghệ An")

    def idea(i, **kw):
        fields = {
            "title": f"{PHRASE} số {i}",
            "summary": "Nhà màng trồng rau sạch cho hợp tác xã thanh niên.",
            "field": field,
            "author": author,
            "unit": author.unit,
            "status": Status.UNDER_REVIEW,
            "consent_to_publish": True,
            "submitted_at": timezone.now() - datetime.timedelta(minutes=i),
            **kw,
        }
        return Idea.objects.create(**fields)

    def service(i, **kw):
        fields = {
            "category": category,
            "slug": f"dich-vu-{i}",
            "name": f"Dịch vụ {PHRASE} {i}",
            "summary": "Cảm biến độ ẩm và tưới tự động.",
            "provider": org_tree("VNPT Media"),
            "published": True,
            **kw,
        }
        return Service.objects.create(**fields)

    def news(i, **kw):
        fields = {
            "title": f"Hội thảo {PHRASE} {i}",
            "slug": f"tin-{i}",
            "summary": "Thanh niên Nghệ An chia sẻ mô hình.",
            "body": "Nội dung.",
            **kw,
        }
        return Article.objects.create(**fields)

    def commitment(i, **kw):
        fields = {
            "agreement": agreement,
            "code": f"V.{i}",
            "party": Party.VNPT,
            "level": "local",
            "theme": "ict_products",
            "title": f"Hỗ trợ {PHRASE} {i}",
            "text": "VNPT hỗ trợ đoàn viên khởi nghiệp.",
            "order": i,
            **kw,
        }
        return Commitment.objects.create(**fields)

    def activity(i, **kw):
        fields = {"title": f"Ngày hội {PHRASE} {i}", "slug": f"ngay-hoi-{i}", "province": "Nghệ An"}
        return make_activity(agreement, **{**fields, **kw})

    def unit(i, **kw):
        fields = {
            "name": f"Chi đoàn {PHRASE} {i}",
            "slug": f"chi-doan-{i}",
            "party": Party.UNION,
            "kind": Kind.GRASSROOTS_UNION,
            **kw,
        }
        return Unit.objects.add_child(parent, fields)

    makers = {
        "ideas": idea,
        "services": service,
        "news": news,
        "commitments": commitment,
        "activities": activity,
        "units": unit,
    }

    def make(kind, n=1, **kw):
        return [makers[kind](next(_n), **kw) for _ in range(n)]

    return make


KINDS = ["ideas", "services", "news", "commitments", "activities", "units"]


@pytest.fixture
def one_of_each(make_rows):
    return {kind: make_rows(kind)[0] for kind in KINDS}
