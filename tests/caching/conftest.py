"""Content of every page-cache namespace, small: one article, service, agreement and idea."""

import datetime

import pytest
from django.utils import timezone

from partnership import pagecache  # connects the invalidation signals  # noqa: F401


@pytest.fixture
def article(db):
    from partnership.news.models import Article

    return Article.objects.create(
        title="Tuổi trẻ VNPT tiếp sức mùa thi",
        slug="tiep-suc-mua-thi",
        summary="Đoàn viên VNPT hỗ trợ thí sinh.",
        body="Nội dung bài viết.",
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )


@pytest.fixture
def service(org_tree):
    from services.models import Category, Service

    tv = Category.objects.create(name="Truyền hình và nội dung số", slug="tv")
    return Service.objects.create(
        category=tv,
        slug="mytv",
        name="Truyền hình MyTV",
        summary="Truyền hình số",
        provider=org_tree("VNPT Media"),
        published=True,
    )


@pytest.fixture
def agreement(org_tree):
    from agreements.models import Agreement, Commitment, Level, Theme
    from partnership.organisations.models import Party

    agreement = Agreement.objects.create(
        title="Thỏa thuận hợp tác 2019–2022",
        slug="tt-2019",
        union_party=org_tree("trung-uong-doan"),
        vnpt_party=org_tree("vnpt"),
        place="Hà Nội",
        signed_on=datetime.date(2019, 8, 23),
        starts_on=datetime.date(2019, 8, 23),
        ends_on=datetime.date(2022, 12, 31),
    )
    Commitment.objects.create(
        agreement=agreement,
        code="Đ.1",
        party=Party.UNION,
        level=Level.ALL_LEVELS,
        theme=Theme.ICT_PRODUCTS,
        title="Ưu tiên sản phẩm VNPT",
        text="Trung ương Đoàn ưu tiên sử dụng các sản phẩm, dịch vụ của VNPT.",
    )
    return agreement


@pytest.fixture
def idea(member):
    from ideas.models import Field, Idea, Status

    field = Field.objects.create(name="Nông nghiệp", slug="nong-nghiep")
    return Idea.objects.create(
        author=member,
        # Set, because ideas.selectors.idea_page compares submitted_by_id with user.pk, which
        # for an anonymous visitor is None == None (reported): with it unset the page shows
        # the author's withdraw form, with a CSRF token, and is rightly never cached.
        submitted_by=member,
        unit=member.unit,
        status=Status.UNDER_REVIEW,
        submitted_at=timezone.now(),
        title="Máy sấy nông sản năng lượng mặt trời",
        field=field,
        consent_to_publish=True,
        summary="Máy sấy dùng năng lượng mặt trời cho nông sản.",
        problem="Nông dân phơi nông sản ngoài trời, hư hỏng khi mưa.",
        solution="Lắp máy sấy năng lượng mặt trời giá rẻ.",
        impact="Giảm 30% thất thoát sau thu hoạch.",
    )
