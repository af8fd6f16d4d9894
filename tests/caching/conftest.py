"""Content of every page-cache namespace, small: one article, service, agreement and idea."""

import datetime

import pytest
from django.utils import timezone

from partnership import pagecache  # connects the invalidation signals  # noqa: F401
from tests.factories import make_agreement, make_commitment, make_idea, make_service


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
    return make_service()


@pytest.fixture
def agreement(org_tree):
    agreement = make_agreement()
    make_commitment(agreement)
    return agreement


@pytest.fixture
def idea(member):
    # submitted_by is set because ideas.selectors.idea_page compares submitted_by_id with
    # user.pk, which for an anonymous visitor is None == None (reported): with it unset the
    # page shows the author's withdraw form, with a CSRF token, and is rightly never cached.
    return make_idea(member, status="under_review", submitted_by=member)
