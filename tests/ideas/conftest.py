import datetime

import pytest
from django.utils import timezone

from ideas import actions
from ideas.models import Campaign, Criterion, Field, Idea, Status

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def agri(db):
    return Field.objects.create(name="Nông nghiệp", slug="nong-nghiep")


@pytest.fixture
def campaign(org_tree, agri):
    now = timezone.now()
    c = Campaign.objects.create(
        title="Tuổi trẻ sáng tạo 2026",
        slug="tts-2026",
        organising_unit=org_tree("trung-uong-doan"),
        submission_opens=now - datetime.timedelta(days=10),
        submission_closes=now + datetime.timedelta(days=20),
    )
    c.fields.add(agri)
    Criterion.objects.create(campaign=c, name="Tính mới", weight=3, order=1)
    Criterion.objects.create(campaign=c, name="Tính khả thi", weight=1, order=2)
    return c


@pytest.fixture
def admin_user(make_user):
    return make_user("content_admin", unit="trung-uong-doan")


@pytest.fixture
def reviewers(make_user):
    return [
        make_user("reviewer", unit="Tỉnh đoàn Nghệ An"),
        make_user("reviewer", unit="Thành đoàn Hà Nội"),
    ]


FULL = {
    "summary": "Máy sấy dùng năng lượng mặt trời cho nông sản.",
    "problem": "Nông dân phơi nông sản ngoài trời, hư hỏng khi mưa.",
    "solution": "Lắp máy sấy năng lượng mặt trời giá rẻ.",
    "impact": "Giảm 30% thất thoát sau thu hoạch.",
}


@pytest.fixture
def make_idea(agri):
    def make(author, *, status=Status.DRAFT, title="Máy sấy nông sản năng lượng mặt trời", **extra):
        fields = {"title": title, "field": agri, "consent_to_publish": True, **FULL, **extra}
        idea = Idea.objects.create(
            author=author,
            unit=author.unit,
            status=status,
            submitted_at=None if status == Status.DRAFT else timezone.now(),
            **fields,
        )
        return idea

    return make


@pytest.fixture
def published(make_idea, member):
    return make_idea(member, status=Status.UNDER_REVIEW)


def move(idea, *steps, by, **kw):
    for step in steps:
        actions.transition(idea=idea, to=step, by=by, **kw)
    idea.refresh_from_db()
    return idea
