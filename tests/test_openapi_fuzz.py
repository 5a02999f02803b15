"""Schemathesis over every OpenAPI document (docs/openapi/*.json, which test_generated_docs keeps equal to what each
service serves), with every check it has, against the real services on real Kafka and MongoDB-wire servers,
signed in as an admin where an operation needs it.

Bounded and reproducible for CI: a fixed seed, derandomized, at most MAX_EXAMPLES generated cases per operation
(besides Schemathesis's coverage cases), no deadline. Run it alone (docs/operations.md):
`.venv/bin/python -m pytest tests/test_openapi_fuzz.py -q`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import available_timezones

import pytest
import schemathesis
from fuzz_stack import Stack, running_stack
from hypothesis import strategies as st

from peerprep.services import SERVICES
from peerprep_testing import REPO_ROOT, Servers

MAX_EXAMPLES = 20
CONFIG: dict[str, Any] = {
    "seed": 20260101,
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
    "request-timeout": 30.0,
    "warnings": False,
    "operations": [
        {
            # A question's tests must fit its signature (as many arguments as parameters, each of its declared
            # type), a rule across fields that JSON Schema cannot state: a body valid by the schema alone is almost
            # never a valid question, so "valid data is accepted" cannot hold. Every other check still runs here.
            "include-name": ["POST /api/questions", "PUT /api/questions/{slug}", "POST /api/questions/import"],
            "checks": {"positive_data_acceptance": {"enabled": False}},
        },
        {
            # A reset link's token is 256 random bits the server mailed: no generated one was ever issued, so a
            # schema-valid confirmation is refused (422 reset_unknown) by design. Every other check still runs.
            "include-name": ["POST /api/users/auth/password-reset/confirm"],
            "checks": {"positive_data_acceptance": {"enabled": False}},
        },
    ],
}
# The format user_svc's schema gives `timezone`: a name in the server's IANA time zone database.
schemathesis.openapi.format("iana-time-zone", st.sampled_from(sorted(available_timezones())))
TOKEN: dict[str, str] = {}  # the admin's access token, once the stack runs
PENDING = "Bearer not-yet"  # Schemathesis builds its coverage cases at collection, before anything runs


@pytest.fixture(scope="module")
def stack(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(servers, tmp_path_factory.mktemp("fuzz")) as started:
        TOKEN["admin"] = started.admin_token
        yield started


def document(name: str) -> schemathesis.BaseSchema:
    """The committed document (Schemathesis's loader from a fixture, which could read the served one, fails under
    pytest 9.2: it sets `Function._nodeid`), with the admin's bearer token on every request."""
    path = REPO_ROOT / "docs" / "openapi" / f"{name}.json"
    schema = schemathesis.openapi.from_path(path, config=schemathesis.Config.from_dict(CONFIG))

    @schema.auth(refresh_interval=None)
    class Bearer:
        def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> str:
            return f"Bearer {TOKEN['admin']}" if TOKEN else PENDING

        def set(self, case: schemathesis.Case, data: str, ctx: schemathesis.AuthContext) -> None:
            case.headers = {**(case.headers or {}), "Authorization": data}

    return schema


def fuzz(name: str) -> Callable[..., None]:
    @document(name).parametrize()
    def test(case: schemathesis.Case, stack: Stack) -> None:
        if case.headers and case.headers.get("Authorization") == PENDING:
            case.headers["Authorization"] = f"Bearer {stack.admin_token}"
        case.call_and_validate(base_url=stack.urls[name])

    test.__doc__ = f"{name}'s OpenAPI document: every operation keeps its documented contract"
    return test


assert set(SERVICES) == {p.stem for p in (REPO_ROOT / "docs" / "openapi").glob("*.json")}  # one test each
test_user_svc = fuzz("user_svc")
test_match_svc = fuzz("match_svc")
test_question_svc = fuzz("question_svc")
test_collab_svc = fuzz("collab_svc")
test_exec_svc = fuzz("exec_svc")
test_ai_svc = fuzz("ai_svc")
test_gateway = fuzz("gateway")
