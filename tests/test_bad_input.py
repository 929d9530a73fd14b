"""Never a 500: every page the matrix knows, posted empty and with garbage by a coordinator, a funder reviewer
and a partner."""

import pytest
from django.urls import reverse

from tests.factories import sign_in
from tests.matrix import URLS

GARBAGE = {
    "name": "<script>alert(1)</script>",
    "email": "not-an-address",
    "start": "31.02.2027 25:99",
    "end": "yesterday",
    "due_date": "2027-13-45",
    "grant_eur": "-1e99",
    "target": "NaN",
    "deadline": "999999",
    "language": "xx",
    "role": "emperor",
    "status": "unknown",
    "kinds": ["nope"],
    "comment": "x" * 20000,
}


@pytest.fixture
def matrix_world(matrix_world_of_the_module):
    """Built once for this module (tests/conftest.py): its tests only read it or change it inside their own
    transaction."""
    return matrix_world_of_the_module


@pytest.mark.parametrize("role", ["coordinator", "funder", "partner"])
@pytest.mark.parametrize("payload", [{}, GARBAGE], ids=["empty", "garbage"])
@pytest.mark.parametrize("name", sorted(URLS))
def test_no_server_error(name, payload, role, matrix_world, client):
    kwargs_for, _method, _kind = URLS[name]
    sign_in(client, getattr(matrix_world, role))
    response = client.post(reverse(name, kwargs=kwargs_for(matrix_world)), payload)
    assert response.status_code < 500, f"POST {name} answered {response.status_code}"
