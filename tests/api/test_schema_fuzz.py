"""Schemathesis against the schema, for every operation: public calls and calls with a
branch key. No answer may be a server error or break the schema (bounded: a few examples
per operation, it runs in CI on two cores)."""

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def _load():
    """The schema as /api/v1/openapi.json serves it (generated here: no request needed)."""
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.renderers import JSONRenderer

    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(JSONRenderer().render(generated)))
    loaded.app = get_wsgi_application()
    return loaded


schema = _load()


@pytest.fixture
def world(public, branch, settings):
    """The data, no limits, and the test's database connection kept open across calls: the
    real WSGI handler closes it after each request (Django's test client does not)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    settings.API_RATE_LIMITS = {"ip": "1000000/min", "key": "1000000/min"}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield branch
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_public_calls(case, world):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_calls_with_a_branch_key(case, world):
    branch = world
    case.call_and_validate(headers={"Authorization": f"Bearer {branch['key']}"}, checks=CHECKS)
