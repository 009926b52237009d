"""Property-based: requests generated from the app's own OpenAPI schema, to every
operation of the API, never get a 500.

Schemathesis turns each operation of ``/openapi.json`` into a Hypothesis
strategy: valid requests (positive mode) and requests that break the schema
(negative mode: wrong types, missing fields, out-of-range numbers).
"""
from __future__ import annotations

import shutil

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is part of the test extras")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402

from tests.web_support import auth, make_app, sample_store  # noqa: E402

EXAMPLES = 60


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    folder = tmp_path_factory.mktemp("props")
    shutil.copy(sample_store(folder / "built.db"), folder / "props.db")
    app = make_app(folder / "props.db", max_batch=20)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_no_request_gets_a_server_error(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 8
    checked = 0
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case):
            wait = (case.query or {}).get("wait") if case.path == "/api/events" else None
            if isinstance(wait, (int, float)) and not isinstance(wait, bool) and wait > 0.1:
                case.query["wait"] = 0.1  # an event stream stays open this long by design
            # Writes carry the token, so generated articles reach the pipeline.
            response = case.call(headers=auth() if case.method == "POST" else None)
            where = f"{case.method} {case.formatted_path} {case.query or ''}"
            assert response.status_code < 500, f"{where} -> {response.status_code}: {response.text[:300]}"
            streamed = case.path == "/api/events" and response.status_code == 200
            exported = case.path == "/api/export" and response.status_code == 200
            fed = case.path.startswith("/feeds/") and response.status_code == 200
            expected = ("text/event-stream",) if streamed else ("application/x-ndjson", "text/csv") if exported \
                else ("application/atom+xml",) if fed else ("application/json",)
            assert any(e in str(response.headers.get("content-type", "")) for e in expected), where

        try:
            check()
            checked += 1
        except Unsatisfiable:
            # An operation without inputs (GET /api/health) has no invalid request to make.
            assert mode == GenerationMode.NEGATIVE and not operation.query and not operation.body
    inputless = [op for op in operations if not op.query and not op.body and not op.path_parameters]
    assert checked >= len(operations) - (len(inputless) if mode == GenerationMode.NEGATIVE else 0)
