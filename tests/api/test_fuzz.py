"""Schema-driven fuzzing of every operation of the read API (schemathesis, in-process WSGI):
whatever the generated parameters, valid or not, no answer is a server error and every
answer matches the OpenAPI document."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import InnovationFactory, ReuseFactory

# Enough to reach every parameter and a few invalid values per operation; keeps the file
# under ~20 s.
MAX_EXAMPLES = 12


# The document is read once, at collection, from the application itself (no database
# needed for it); each operation becomes its own test.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def some_data(db):
    innovation = InnovationFactory(slug="accueil-telephonique", departement="33", year=2024)
    ReuseFactory(innovation=innovation)


@pytest.fixture(autouse=True)
def keep_test_connection():
    """The WSGI handler closes the database connection at the end of each request, which
    would close the test's transaction; Django's test client does the same as this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_never_fails(case):
    response = case.call()
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
