import pytest

from partnership.api.models import ApiKey, Scope
from tests.services import conftest as services_fixtures

# The services tests' catalogue and people, shared.
catalogue = services_fixtures.catalogue
nghean_liaison = services_fixtures.nghean_liaison
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
