"""The HTTP service, as a client sees it: a real server process on a loopback port.

Every answer is checked against the library (``slacalc.schemas`` with the
same ``now`` and policy) and every JSON answer against the published JSON
Schemas. Nothing is timed; the load test is in ``test_server_load.py``.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from jsonschema import Draft202012Validator

from slacalc import Policy, default_policy, load_policy
from slacalc.schemas import (
    DueRecord,
    ResultRecord,
    TicketRecord,
    due_record,
    due_schema,
    evaluate_record,
    result_schema,
    ticket_schema,
)
from slacalc.server import ServerSettingsError, create_app, serve

NOW = "2027-01-05T12:00:00Z"
P1_FRIDAY = {"id": "T-1", "opened_at": "2026-11-27T17:00:00Z", "priority": "P1"}
TICKETS: list[dict[str, Any]] = [
    P1_FRIDAY,
    {"id": 2, "opened_at": "2026-12-24T16:00:00Z", "priority": "major",
     "responded_at": "2026-12-29T09:30:00Z"},
    {"opened_at": "2026-11-02T08:00:00-05:00", "priority": 3,
     "resolved_at": "2026-11-20T10:00:00Z"},
    {"id": "T-4", "opened_at": "2026-11-27T17:00:00Z", "priority": "cosmetic"},
]  # fmt: skip
RESULTS = Draft202012Validator(result_schema())
DUES = Draft202012Validator(due_schema())
STARTUP_SECONDS = 60.0


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def request(
        self,
        method: str,
        path: str,
        body: bytes | Iterable[bytes] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=dict(headers or {}))
            response = connection.getresponse()
            return Answer(response.status, dict(response.getheaders()), response.read())
        finally:
            connection.close()

    def post(self, path: str, data: Any, **query: str) -> Answer:
        target = f"{path}?{urlencode(query)}" if query else path
        return self.request("POST", target, json.dumps(data).encode())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(log: Path, *options: str) -> Server:
    """Start ``python -m slacalc.server`` on a free loopback port and wait for /healthz."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - this repository's own module
            [sys.executable, "-m", "slacalc.server", "--port", str(port), *options],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(port, process, log)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if server.request("GET", "/healthz").status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    stop_server(server)
    pytest.fail(f"the server did not start:\n{log.read_text(encoding='utf-8')}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    started = start_server(tmp_path_factory.mktemp("server") / "server.log")
    try:
        yield started
    finally:
        stop_server(started)


def custom_policy() -> Policy:
    data = default_policy().to_dict()
    data["name"] = "Paris office"
    data["calendar"] = {"timezone": "Europe/Paris", "hours": {"mon-fri": "08:00-16:00"}}
    return load_policy(data)


@pytest.fixture(scope="module")
def policy_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("policy") / "paris.json"
    path.write_text(json.dumps(custom_policy().to_dict()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory: pytest.TempPathFactory, policy_file: Path) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("limited") / "server.log"
    options = ["--policy", str(policy_file), "--max-body-bytes", "4096", "--max-tickets", "3"]
    started = start_server(log, *options)
    try:
        yield started
    finally:
        stop_server(started)


def assert_refusal(answer: Answer, status: int, error_type: str | None = None) -> dict[str, Any]:
    assert answer.status == status, answer.body
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    RESULTS.validate(body)  # the error-record branch: {"error": {type, message, problems}}
    assert set(body) == {"error"}
    if error_type is not None:
        assert body["error"]["type"] == error_type
    error: dict[str, Any] = body["error"]
    return error


# --- the endpoints ----------------------------------------------------------------------------


def test_healthz_answers_status_ok(server: Server) -> None:
    answer = server.request("GET", "/healthz")
    assert (answer.status, answer.json()) == (200, {"status": "ok"})


def test_evaluate_one_record_answers_the_library_result(server: Server) -> None:
    answer = server.post("/v1/evaluate", P1_FRIDAY, now=NOW)
    assert answer.status == 200
    RESULTS.validate(answer.json())
    assert answer.json() == evaluate_record(P1_FRIDAY, now=NOW)


def test_evaluate_echoes_the_id(server: Server) -> None:
    assert server.post("/v1/evaluate", P1_FRIDAY, now=NOW).json()["id"] == "T-1"


def test_evaluate_list_answers_each_record_in_order(server: Server) -> None:
    answer = server.post("/v1/evaluate", TICKETS, now=NOW)
    assert answer.status == 200
    for result in answer.json():
        RESULTS.validate(result)
    assert answer.json() == [evaluate_record(ticket, now=NOW) for ticket in TICKETS]


def test_evaluate_empty_list_answers_an_empty_list(server: Server) -> None:
    answer = server.post("/v1/evaluate", [], now=NOW)
    assert (answer.status, answer.json()) == (200, [])


def test_evaluate_tz_shows_instants_in_that_zone(server: Server) -> None:
    answer = server.post("/v1/evaluate", P1_FRIDAY, now=NOW, tz="Asia/Kathmandu")
    assert answer.json() == evaluate_record(P1_FRIDAY, now=NOW, zone="Asia/Kathmandu")
    assert answer.json()["response"]["due"] == "2026-11-30T15:45:00+05:45"


def test_evaluate_without_now_evaluates_at_the_time_of_the_request(server: Server) -> None:
    before = time.time()
    result = server.post("/v1/evaluate", P1_FRIDAY).json()
    after = time.time()
    assert before - 1 <= datetime.fromisoformat(result["now"]).timestamp() <= after + 1
    assert result == evaluate_record(P1_FRIDAY, now=result["now"])


def test_due_one_request_answers_the_library_due_record(server: Server) -> None:
    answer = server.post("/v1/due", {"id": 9, "opened_at": "2026-11-27T17:00:00Z", "priority": 2})
    assert answer.status == 200
    DUES.validate(answer.json())
    assert answer.json() == due_record("2026-11-27T17:00:00Z", 2, record_id=9)


def test_due_list_answers_each_request_in_order(server: Server) -> None:
    requests = [
        {"opened_at": ticket["opened_at"], "priority": ticket["priority"]} for ticket in TICKETS
    ]
    answer = server.post("/v1/due", requests, tz="Europe/Paris")
    for record in answer.json():
        DUES.validate(record)
    expected = [due_record(r["opened_at"], r["priority"], zone="Europe/Paris") for r in requests]
    assert answer.json() == expected


def test_due_refuses_ticket_fields_beyond_opened_at_priority_and_id(server: Server) -> None:
    body = {"opened_at": "2026-11-27T17:00:00Z", "priority": 1, "responded_at": NOW}
    error = assert_refusal(server.post("/v1/due", body), 422, "InvalidTicketError")
    assert [problem["path"] for problem in error["problems"]] == ["responded_at"]


def test_policy_answers_the_built_in_policy_by_default(server: Server) -> None:
    answer = server.request("GET", "/v1/policy")
    assert (answer.status, answer.json()) == (200, default_policy().to_dict())


def test_policy_answers_the_policy_loaded_at_start_up(limited_server: Server) -> None:
    assert limited_server.request("GET", "/v1/policy").json() == custom_policy().to_dict()


def test_evaluate_uses_the_policy_loaded_at_start_up(limited_server: Server) -> None:
    answer = limited_server.post("/v1/evaluate", P1_FRIDAY, now=NOW)
    assert answer.json() == evaluate_record(P1_FRIDAY, now=NOW, policy=custom_policy())
    assert answer.json() != evaluate_record(P1_FRIDAY, now=NOW)


def test_schema_endpoints_answer_the_library_schemas(server: Server) -> None:
    assert server.request("GET", "/v1/schema/input").json() == ticket_schema()
    assert server.request("GET", "/v1/schema/output").json() == result_schema()


def test_openapi_request_bodies_are_the_library_record_models(server: Server) -> None:
    document = server.request("GET", "/openapi.json").json()
    schemas = document["components"]["schemas"]
    body = document["paths"]["/v1/evaluate"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["oneOf"][0] == {"$ref": "#/components/schemas/TicketRecord"}
    # The library's schema, its references moved from $defs to the document's components.
    library = json.loads(
        json.dumps(TicketRecord.model_json_schema()["properties"]).replace(
            '"#/$defs/', '"#/components/schemas/'
        )
    )
    assert schemas["TicketRecord"]["properties"] == library


def without_defaults(schema: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, dict[str, Any]] = schema["properties"]
    return {name: {k: v for k, v in p.items() if k != "default"} for name, p in properties.items()}


def test_openapi_responses_are_the_library_result_models(server: Server) -> None:
    document = server.request("GET", "/openapi.json").json()
    schemas = document["components"]["schemas"]
    for model in (ResultRecord, DueRecord):
        expected = model.model_json_schema(
            mode="serialization", ref_template="#/components/schemas/{model}"
        )
        # FastAPI leaves out the defaults of response fields (the field is always there).
        assert without_defaults(schemas[model.__name__]) == without_defaults(expected)
    evaluate = document["paths"]["/v1/evaluate"]["post"]["responses"]
    assert evaluate["200"]["content"]["application/json"]["schema"]["anyOf"][0] == {
        "$ref": "#/components/schemas/ResultRecord"
    }
    assert evaluate["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorResponse"
    }


def test_docs_page_is_served(server: Server) -> None:
    answer = server.request("GET", "/docs")
    assert answer.status == 200
    assert b"/openapi.json" in answer.body


def test_server_listens_on_loopback_by_default(server: Server) -> None:
    log = server.log.read_text(encoding="utf-8")
    assert f"http://127.0.0.1:{server.port}" in log


# --- refusals ---------------------------------------------------------------------------------


def test_invalid_json_is_refused_with_422(server: Server) -> None:
    answer = server.request("POST", "/v1/evaluate", b'{"opened_at": ')
    assert_refusal(answer, 422, "InvalidRequestError")


def test_body_neither_object_nor_list_is_refused_with_422(server: Server) -> None:
    error = assert_refusal(server.post("/v1/evaluate", "P1"), 422, "InvalidRequestError")
    assert "a string" in error["message"]


def test_empty_body_is_refused_with_422(server: Server) -> None:
    assert_refusal(server.request("POST", "/v1/evaluate", b""), 422, "InvalidRequestError")


def test_unknown_priority_is_refused_with_the_library_problem(server: Server) -> None:
    ticket = {**P1_FRIDAY, "priority": "P9"}
    error = assert_refusal(
        server.post("/v1/evaluate", ticket, now=NOW), 422, "UnknownPriorityError"
    )
    assert "P1" in error["message"]


def test_naive_instant_is_refused_naming_the_field(server: Server) -> None:
    ticket = {**P1_FRIDAY, "opened_at": "2026-11-27T17:00:00"}
    error = assert_refusal(
        server.post("/v1/evaluate", ticket, now=NOW), 422, "InvalidTimestampError"
    )
    assert [problem["path"] for problem in error["problems"]] == ["opened_at"]


def test_naive_now_is_refused_naming_the_query_parameter(server: Server) -> None:
    answer = server.post("/v1/evaluate", P1_FRIDAY, now="2027-01-05T12:00:00")
    error = assert_refusal(answer, 422, "InvalidRequestError")
    assert error["problems"][0]["path"] == "now"


def test_unknown_tz_is_refused_naming_the_query_parameter(server: Server) -> None:
    answer = server.post("/v1/evaluate", P1_FRIDAY, now=NOW, tz="Mars/Olympus_Mons")
    error = assert_refusal(answer, 422, "InvalidRequestError")
    assert error["problems"][0]["path"] == "tz"


def test_no_request_can_name_a_policy_file(server: Server) -> None:
    answer = server.post("/v1/evaluate", P1_FRIDAY, now=NOW, policy="/etc/passwd")
    error = assert_refusal(answer, 422, "InvalidRequestError")
    assert error["problems"][0]["path"] == "policy"


def test_unknown_ticket_field_is_refused(server: Server) -> None:
    ticket = {**P1_FRIDAY, "resolved_on": NOW}
    error = assert_refusal(server.post("/v1/evaluate", ticket, now=NOW), 422)
    assert [problem["path"] for problem in error["problems"]] == ["resolved_on"]


def test_list_problems_are_prefixed_with_the_item_index(server: Server) -> None:
    tickets = [P1_FRIDAY, {**P1_FRIDAY, "opened_at": "yesterday"}, P1_FRIDAY, 7]
    error = assert_refusal(server.post("/v1/evaluate", tickets, now=NOW), 422)
    assert [problem["path"] for problem in error["problems"]] == ["[1].opened_at", "[3]"]


def test_list_with_one_bad_record_answers_no_result(server: Server) -> None:
    tickets = [P1_FRIDAY, {**P1_FRIDAY, "priority": "P9"}]
    error = assert_refusal(
        server.post("/v1/evaluate", tickets, now=NOW), 422, "UnknownPriorityError"
    )
    assert "none was answered" in error["message"]


def test_unknown_path_answers_404_with_the_error_shape(server: Server) -> None:
    assert_refusal(server.request("GET", "/v2/evaluate"), 404, "HTTPError")


def test_wrong_method_answers_405_naming_the_allowed_one(server: Server) -> None:
    answer = server.request("GET", "/v1/evaluate")
    assert_refusal(answer, 405, "HTTPError")
    assert answer.headers["allow"] == "POST"


# --- limits -----------------------------------------------------------------------------------


def test_declared_content_length_over_the_limit_is_refused_before_the_body(server: Server) -> None:
    # Only the headers are sent: the refusal must not wait for a 1 MiB body.
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.putrequest("POST", "/v1/evaluate")
        connection.putheader("Content-Length", str(1_048_577))
        connection.endheaders()
        response = connection.getresponse()
        answer = Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()
    assert_refusal(answer, 413, "BodyTooLargeError")


def test_body_of_exactly_the_limit_is_accepted(limited_server: Server) -> None:
    body = json.dumps(P1_FRIDAY).encode().ljust(4096)
    answer = limited_server.request("POST", f"/v1/evaluate?now={NOW}", body)
    assert answer.status == 200


def test_body_one_byte_over_the_limit_is_refused_with_413(limited_server: Server) -> None:
    body = json.dumps(P1_FRIDAY).encode().ljust(4097)
    answer = limited_server.request("POST", f"/v1/evaluate?now={NOW}", body)
    assert_refusal(answer, 413, "BodyTooLargeError")


def test_chunked_body_over_the_limit_is_refused_with_413(limited_server: Server) -> None:
    # A chunked body declares no length: the server counts the bytes as they arrive.
    chunks = [b" " * 1000 for _ in range(5)]
    # http.client sends an iterable body without a Content-Length as chunked.
    answer = limited_server.request("POST", "/v1/evaluate", iter(chunks))
    assert_refusal(answer, 413, "BodyTooLargeError")


def test_chunked_body_within_the_limit_is_accepted(limited_server: Server) -> None:
    text = json.dumps(P1_FRIDAY).encode()
    chunks = [text[:10], text[10:]]
    answer = limited_server.request("POST", f"/v1/evaluate?now={NOW}", iter(chunks))
    assert answer.json() == evaluate_record(P1_FRIDAY, now=NOW, policy=custom_policy())


def test_list_over_max_tickets_is_refused_with_413(limited_server: Server) -> None:
    answer = limited_server.post("/v1/evaluate", [P1_FRIDAY] * 4, now=NOW)
    assert_refusal(answer, 413, "TooManyTicketsError")


def test_list_of_max_tickets_is_accepted(limited_server: Server) -> None:
    assert limited_server.post("/v1/evaluate", [P1_FRIDAY] * 3, now=NOW).status == 200


def test_due_list_over_max_tickets_is_refused_with_413(limited_server: Server) -> None:
    requests = [{"opened_at": NOW, "priority": 1}] * 4
    assert_refusal(limited_server.post("/v1/due", requests), 413, "TooManyTicketsError")


# --- hostile input ----------------------------------------------------------------------------


def hostile_bodies() -> list[bytes]:
    """Malformed and hostile bodies, all under the 1 MiB limit."""
    generator = random.Random(20261127)  # noqa: S311 - reproducible junk, not secrets
    deep_list = b"[" * 3000 + b"]" * 3000
    deep_object = b'{"a":' * 3000 + b"1" + b"}" * 3000
    deep_field = b'{"opened_at": ' + b"[" * 900 + b"]" * 900 + b', "priority": 1}'
    huge_int = b"9" * 5000
    big_int = b"9" * 4000
    wrong_types: list[Any] = [None, True, 1.5, -1, [], {}, "", "x" * 10_000, [1, 2], {"a": 1}]
    bodies = [
        *(generator.randbytes(generator.randint(1, 2000)) for _ in range(40)),
        deep_list,
        deep_object,
        b'[{"opened_at": ' + deep_list + b"}]",
        deep_field,
        huge_int,
        b'{"opened_at": "2026-11-27T17:00:00Z", "priority": ' + huge_int + b"}",
        b'{"opened_at": "2026-11-27T17:00:00Z", "priority": ' + big_int + b"}",
        b'{"opened_at": "2026-11-27T17:00:00Z", "priority": -' + big_int + b"}",
        b'{"opened_at": "2026-11-27T17:00:00Z", "priority": 1e999}',
        b'{"opened_at": "2026-11-27T17:00:00Z", "priority": NaN}',
        b'{"opened_at": "2026-11-27T17:00:00Z", "priority": -Infinity}',
        b'{"opened_at": "2026-11-27T17:00:00Z", "priority": 1, "id": 1e308}',
        b'{"opened_at": "2026-11-27T17:00:00Z", "priority": 1, "id": ' + big_int + b"}",
        b'{"opened_at": "\\ud800", "priority": "\\udfff"}',
        b'{"opened_at": "2026-11-27T17:00:00\\u0000Z", "priority": 1}',
        b'{"opened_at": "9999-12-31T23:59:59+23:59", "priority": 1}',
        b'{"opened_at": "0001-01-01T00:00:00-23:59", "priority": 1}',
        b'{"opened_at": "2026-11-27T17:00:00Z", "priority": 1, "resolved_at": "1900-01-01T00:00Z"}',
        b"\xef\xbb\xbf" + json.dumps(P1_FRIDAY).encode(),
        json.dumps(P1_FRIDAY).encode("utf-16"),
        b"\x00" * 100,
        b'{"opened_at": "2026-11-27T17:00:00Z", "priority": 1, "opened_at": 5}',
        b"[" + b",".join([b"[]"] * 1000) + b"]",
        b"[" + b",".join([json.dumps(P1_FRIDAY).encode()] * 1001) + b"]",
    ]
    for field in ("opened_at", "priority", "responded_at", "resolved_at", "id"):
        for value in wrong_types:
            bodies.append(json.dumps({**P1_FRIDAY, field: value}).encode())
            bodies.append(json.dumps([P1_FRIDAY, {**P1_FRIDAY, field: value}]).encode())
    return bodies


def test_hostile_bodies_never_answer_a_server_error(server: Server) -> None:
    statuses: dict[int, int] = {}
    for body in hostile_bodies():
        for path in (f"/v1/evaluate?now={NOW}", "/v1/due"):
            answer = server.request("POST", path, body)
            statuses[answer.status] = statuses.get(answer.status, 0) + 1
            assert answer.status in {200, 413, 422}, (body[:200], answer.body[:500])
            if answer.status != 200:
                error = assert_refusal(answer, answer.status)
                # A refusal slacalc cannot describe would be a bug in slacalc.
                assert error["type"] != "UnprocessableRecordError", (body[:200], error)
    assert statuses.get(422, 0) > statuses.get(200, 0)
    assert server.request("GET", "/healthz").status == 200


def test_hostile_query_strings_never_answer_a_server_error(server: Server) -> None:
    queries = ["now=%FF%FE", "now=" + "9" * 5000, "tz=%00", "tz=../../etc/passwd", "now&now", "=x"]
    for query in queries:
        answer = server.request("POST", f"/v1/evaluate?{query}", json.dumps(P1_FRIDAY).encode())
        assert_refusal(answer, 422)


# --- start-up, settings and the optional dependency -------------------------------------------


def test_two_workers_answer_like_the_library(tmp_path: Path, policy_file: Path) -> None:
    # With workers > 1 each worker builds its app from the environment `serve` sets.
    log = tmp_path / "server.log"
    started = start_server(
        log, "--workers", "2", "--policy", str(policy_file), "--max-tickets", "5"
    )
    try:
        answers = [started.post("/v1/evaluate", TICKETS, now=NOW) for _ in range(8)]
        too_many = started.post("/v1/evaluate", TICKETS * 2, now=NOW)
    finally:
        stop_server(started)
    expected = [evaluate_record(ticket, now=NOW, policy=custom_policy()) for ticket in TICKETS]
    assert all(answer.json() == expected for answer in answers)
    assert too_many.status == 413


def run_module(*arguments: str, prelude: str = "") -> subprocess.CompletedProcess[str]:
    script = textwrap.dedent(
        f"""
        import sys
        {prelude}
        from slacalc.server.__main__ import main
        sys.exit(main({list(arguments)!r}))
        """
    )
    return subprocess.run(  # noqa: S603 - runs this repository's own module
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def test_missing_policy_file_exits_2_naming_the_option(tmp_path: Path) -> None:
    completed = run_module("--port", str(free_port()), "--policy", str(tmp_path / "none.toml"))
    assert completed.returncode == 2
    assert "--policy" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_malformed_policy_file_exits_2_with_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"name": "x"}', encoding="utf-8")
    completed = run_module("--port", str(free_port()), "--policy", str(path))
    assert completed.returncode == 2
    assert "--policy" in completed.stderr
    assert "version: required field is missing" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_bad_port_exits_2_naming_the_option() -> None:
    completed = run_module("--port", "70000")
    assert completed.returncode == 2
    assert "--port" in completed.stderr


def test_without_fastapi_the_module_exits_with_the_install_hint() -> None:
    completed = run_module("--port", str(free_port()), prelude="sys.modules['fastapi'] = None")
    assert completed.returncode == 1
    assert "pip install 'slacalc[server]'" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_importing_the_server_package_imports_neither_fastapi_nor_uvicorn() -> None:
    script = "import sys, slacalc.server; print(sorted({'fastapi', 'uvicorn'} & set(sys.modules)))"
    completed = subprocess.run(  # noqa: S603 - a fixed script in this interpreter
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"


def test_create_app_refuses_a_limit_below_one() -> None:
    with pytest.raises(ServerSettingsError, match="max_body_bytes"):
        create_app(max_body_bytes=0)


def test_serve_refuses_a_port_out_of_range_before_starting() -> None:
    with pytest.raises(ServerSettingsError, match="port"):
        serve(port=65536)
