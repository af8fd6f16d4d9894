import pytest

from ideas import actions
from ideas.models import Status
from tests import factories
from tests.factories import IDEA_TEXT, idea_field

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def agri(db):
    return idea_field()


@pytest.fixture
def campaign(org_tree, agri):
    return factories.make_campaign(fields=[agri])


@pytest.fixture
def reviewers(make_user):
    return [
        make_user("reviewer", unit="Tỉnh đoàn Nghệ An"),
        make_user("reviewer", unit="Thành đoàn Hà Nội"),
    ]


FULL = {k: v for k, v in IDEA_TEXT.items() if k != "title"}


@pytest.fixture
def make_idea(agri):
    def make(author, *, status=Status.DRAFT, **extra):
        return factories.make_idea(author, status=status, **{"field": agri, **extra})

    return make


@pytest.fixture
def published(make_idea, member):
    return make_idea(member, status=Status.UNDER_REVIEW)


def move(idea, *steps, by, **kw):
    for step in steps:
        actions.transition(idea=idea, to=step, by=by, **kw)
    idea.refresh_from_db()
    return idea
