"""Audit coverage: a service module lists its state-changing functions, and each one writes its audit event.

Each app's `test_audit_coverage.py` names every public function of its service modules as either
state-changing (with a call that must write an `AuditEvent` with the expected action and project) or
read-only. A new function in neither list fails `assert_every_function_listed`, so it is noticed in review.
"""

import inspect
from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from networkhub.models import AuditEvent


def public_functions(module):
    """The public functions defined in `module` itself (not imported into it)."""
    return {
        name
        for name, member in inspect.getmembers(module, inspect.isfunction)
        if member.__module__ == module.__name__ and not name.startswith("_")
    }


def assert_every_function_listed(module, state_changing, read_only):
    defined = public_functions(module)
    state_changing, read_only = set(state_changing), set(read_only)
    unlisted = defined - state_changing - read_only
    assert not unlisted, (
        f"{module.__name__}: list {sorted(unlisted)} as state-changing (with an audit test) or as read-only"
    )
    assert not state_changing & read_only, sorted(state_changing & read_only)
    assert not (state_changing | read_only) - defined, sorted((state_changing | read_only) - defined)


def audit_coverage_tests(*modules, fixture="world"):
    """An app's two audit-coverage tests, for `modules` given as (module, state_changing, read_only) each:
    `state_changing` maps a function's name to (action, case), where `case(world)` returns (call, project).
    Bind both names in the test module: `test_listed, test_audited = audit_coverage_tests(...)`."""
    cases = [(module, name, *case) for module, changing, _read_only in modules for name, case in changing.items()]

    @pytest.mark.parametrize(("module", "changing", "read_only"), modules, ids=[m.__name__ for m, *_ in modules])
    def test_every_public_function_is_listed(module, changing, read_only):
        assert_every_function_listed(module, changing, read_only)

    @pytest.mark.parametrize(
        ("module", "name", "action", "case"), cases, ids=[f"{m.__name__}.{n}" for m, n, *_ in cases]
    )
    def test_state_change_writes_its_audit_event(request, module, name, action, case):
        call, project = case(request.getfixturevalue(fixture))
        assert call.func is getattr(module, name)
        assert_audited(call, action=action, project=project)

    return test_every_public_function_is_listed, test_state_change_writes_its_audit_event


def last_audit_pk():
    return AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0


def assert_audited(call, *, action, project):
    """Run `call()`; it must write an audit event with `action` for `project` (None: no project)."""
    before = last_audit_pk()
    call()
    written = AuditEvent.objects.filter(pk__gt=before)
    assert written.filter(action=action, project=project).exists(), (
        f"expected {action!r} for {project}; written: {list(written.values_list('action', 'project'))}"
    )
    return written


WRITES = ("INSERT", "UPDATE", "DELETE")


@contextmanager
def no_writes():
    """Fail if the block writes to the database (for GET requests, which must change nothing)."""
    with CaptureQueriesContext(connection) as queries:
        yield queries
    writes = [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)]
    assert not writes, writes
