import pytest

from partnership.api.models import ApiKey, Scope
from tests.services import conftest as services_fixtures

# The services tests' catalogue and people, shared.
catalogue = services_fixtures.catalogue
nghean_officer = services_fixtures.nghean_officer
submit = services_fixtures.submit


@pytest.fixture
def issue_key():
    """issue_key(liaison, scope) -> the secret of a new key of the liaison's unit."""

    def _issue(liaison, scope=Scope.ACT, name="CRM"):
        key = ApiKey(name=name, unit=liaison.unit, acting_user=liaison, scope=scope)
        key.full_clean(exclude=["prefix", "hashed"])
        secret = key.issue()
        key.save()
        return secret

    return _issue


@pytest.fixture
def branch(db, nghean_liaison, nghean_officer, submit, issue_key):
    """Nghệ An: an officer's request routed to VNPT Nghệ An, whose system holds an act key."""
    request = submit(nghean_officer)
    return {
        "request": request,
        "officer": nghean_officer,
        "liaison": nghean_liaison,
        "key": issue_key(nghean_liaison),
    }


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


from tests.agreements import conftest as agreement_fixtures  # noqa: E402
from tests.ideas import conftest as idea_fixtures  # noqa: E402

agreement = agreement_fixtures.agreement
agri = idea_fixtures.agri
make_idea = idea_fixtures.make_idea


@pytest.fixture
def public(db, catalogue, agreement, make_idea, make_user):
    """Something in every public list: the catalogue, 25 published ideas and a draft, an
    activity nationwide and one in Nghệ An, a news article."""
    import datetime

    from ideas.models import Status
    from partnership.news.models import Article
    from tests.factories import make_activity

    author = make_user("member", unit="Tỉnh đoàn Nghệ An", full_name="Nguyễn Văn Bí Mật")
    ideas = [
        make_idea(author, status=Status.UNDER_REVIEW, title=f"Thư viện số trường học {n}")
        for n in range(24)
    ]
    ideas.append(make_idea(author, status=Status.AWARDED, title="Máy sấy nông sản"))
    draft = make_idea(author, title="Bản nháp riêng tư")
    activities = [
        make_activity(
            agreement,
            "Ngày hội chuyển đổi số",
            "ngay-hoi",
            starts_on=datetime.date(2026, 3, 26),
            ends_on=datetime.date(2026, 3, 27),
            place="Vinh",
            province="Nghệ An",
            participants=300,
        ),
        make_activity(
            agreement,
            "Hội thảo toàn quốc",
            "hoi-thao",
            starts_on=datetime.date(2026, 5, 4),
            ends_on=datetime.date(2026, 5, 4),
            online=True,
        ),
    ]
    Article.objects.create(
        title="Ký kết thỏa thuận", slug="ky-ket", summary="Tóm tắt", body="Nội dung"
    )
    return {"ideas": ideas, "draft": draft, "author": author, "activities": activities}
