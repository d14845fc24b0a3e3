"""What openapi.json declares each route can answer (jixiao.api.responses), and the answers
the fuzz test (test_fuzz.py) found undeclared: each a regular test here."""

from __future__ import annotations

import pytest

from jixiao.export import FORMATS

from .test_envelope import assert_envelope, routes

ENVELOPE = "#/components/schemas/ErrorEnvelope"


@pytest.fixture
def spec(client) -> dict:
    return client.get("/api/v1/openapi.json").json()


def _error_schema(op: dict, status: int) -> str | None:
    declared = op["responses"].get(str(status))
    return declared and declared["content"]["application/json"]["schema"].get("$ref")


def test_every_route_declares_the_shared_errors_with_the_envelope(client, spec) -> None:
    envelope = spec["components"]["schemas"]["ErrorEnvelope"]
    assert set(envelope["required"]) == {"ok", "error", "errors", "status"}
    for method, path in routes(client):
        op = spec["paths"][path][method.lower()]
        for status in (400, 401, 403, 413, 422, 503):
            assert _error_schema(op, status) == ENVELOPE, (method, path, status)
        if "{" in path and not path.startswith("/api/v1/auth"):
            assert _error_schema(op, 404) == ENVELOPE, (method, path)  # a lookup can miss
    for method, path in (("POST", "/api/v1/auth/token"), ("POST", "/api/v1/auth/login")):
        assert _error_schema(spec["paths"][path][method.lower()], 429) == ENVELOPE
    for path in ("/api/v1/tables/{table_id}", "/api/v1/projects/{project_id}/transitions"):
        ops = spec["paths"][path]
        assert _error_schema(ops.get("put") or ops["post"], 409) == ENVELOPE


def test_a_body_that_is_not_json_is_a_declared_400_in_the_callers_language(client, bearer) -> None:
    """FastAPI answers a body that is not even text (not UTF-8) with 400, which no route declared (the fuzz test sent
    b"\\xa7" to POST /score, /check, /users, /projects/{id}/comments and others)."""
    h = {**bearer("admin"), "content-type": "application/json"}
    body = assert_envelope(client.post("/api/v1/score", content=b"\xa7{", headers=h), 400)
    assert body["error"] == "请求体无法解析（不是有效的 JSON 或表单）"
    body = assert_envelope(client.post("/api/v1/check?lang=en", content=b"\xa7", headers=h), 400)
    assert body["error"] == "the request body could not be parsed (not valid JSON or form data)"


def test_a_file_answer_declares_the_media_types_it_is_sent_in(client, bearer, store, make_doc, spec) -> None:
    """Exports were declared application/octet-stream and sent as text/csv, .docx …; the
    actuals template as application/json (the fuzz test's content_type_conformance)."""
    table_id = store.import_document(make_doc("302101", 1)).tables[0]["table_id"]
    wanted = {f.media_type.split(";")[0] for f in FORMATS.values()}
    for path in ("/api/v1/tables/{table_id}/export", "/api/v1/projects/{project_id}/export"):
        assert wanted <= set(spec["paths"][path]["get"]["responses"]["200"]["content"]), path
    template = spec["paths"]["/api/v1/tables/{table_id}/actuals-template"]["get"]["responses"]["200"]
    assert FORMATS["xlsx"].media_type in template["content"]
    h = bearer("admin")
    for fmt in ("csv", "docx", "json"):
        r = client.get(f"/api/v1/tables/{table_id}/export?format={fmt}", headers=h)
        assert r.status_code == 200 and r.headers["content-type"].split(";")[0] in wanted
    r = client.get("/api/v1/tables/1/export?format=odt", headers=h)
    assert_envelope(r, 422)  # an unknown format: declared on every route


def test_integer_parameters_declare_the_bounds_the_validation_layer_holds(spec) -> None:
    """The document says what the validation layer refuses (ids 1 … 2**31 − 1), so a client
    — and the fuzzer — need not find it out by a 422; a route's own tighter bound stays."""
    table_id = spec["paths"]["/api/v1/tables/{table_id}"]["get"]["parameters"][0]["schema"]
    assert (table_id["minimum"], table_id["maximum"]) == (1, 2**31 - 1)
    params = {p["name"]: p["schema"] for p in spec["paths"]["/api/v1/projects"]["get"]["parameters"]}
    assert (params["page"]["minimum"], params["page"]["maximum"]) == (1, 1_000_000)
    assert (params["per_page"]["minimum"], params["per_page"]["maximum"]) == (1, 500)
    group = spec["paths"]["/api/v1/library/{group_id}"]["get"]["parameters"][0]["schema"]
    assert group["maximum"] == 2**31 - 1
