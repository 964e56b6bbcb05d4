"""The FastAPI application: routes, limits on bodies, and refusals as error records."""

from __future__ import annotations

import json
from typing import Annotated, Any, Final

from fastapi import FastAPI, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from slacalc.errors import Problem, SlacalcError
from slacalc.policy import Policy
from slacalc.schemas import (
    DueRecord,
    ResultRecord,
    TicketRecord,
    error_record,
    result_schema,
    ticket_schema,
)
from slacalc.server._errors import BodyTooLargeError, RequestError
from slacalc.server._openapi import ErrorResponse, add_request_schemas, request_body
from slacalc.server._requests import DueRequest, Service

__all__ = ["build_app"]

_JSON: Final = "application/json"
_NOW_HELP: Final = (
    "the instant to evaluate at, ISO 8601 with an offset (2026-11-30T09:30:00Z); "
    "default: the time the request arrives"
)
_TZ_HELP: Final = "show instants in this IANA zone (Europe/Paris) instead of the policy's"
_REFUSALS: Final[dict[int | str, dict[str, Any]]] = {
    413: {"model": ErrorResponse, "description": "The body or the list is over the limit."},
    422: {"model": ErrorResponse, "description": "The body, a record or a query parameter is bad."},
}


def _json(data: Any, status: int = 200) -> Response:
    # ensure_ascii keeps lone surrogates a client sent writable; allow_nan=False keeps it JSON.
    content = json.dumps(data, allow_nan=False, separators=(",", ":")).encode()
    return Response(content, status_code=status, media_type=_JSON)


def _refusal(error: SlacalcError) -> Response:
    status = error.status if isinstance(error, RequestError) else 422
    return _json(error_record(error), status)


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it is known to exceed ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and (len(declared) > 18 or int(declared) > limit):
        raise _too_large(limit, declared)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():  # counts chunked bodies too, which declare no length
        size += len(chunk)
        if size > limit:
            raise _too_large(limit, size)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int, found: int | str) -> BodyTooLargeError:
    message = f"the body is over {limit} bytes; send fewer records per request"
    return BodyTooLargeError(message, (Problem("", message, found),))


def _static(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


def build_app(policy: Policy, *, max_body_bytes: int, max_tickets: int) -> FastAPI:
    """Return the application answering with ``policy`` within the two limits."""
    app = FastAPI(
        title="slacalc",
        summary="SLA due times and breach status in business time.",
        description=(
            f"Answers with the policy **{policy.name}** (version {policy.version}), loaded "
            "when the service started. A list of records is all or nothing: one bad record "
            f"refuses the whole request. Limits: {max_body_bytes} bytes per body, "
            f"{max_tickets} records per list."
        ),
        version="1",
    )
    app.add_exception_handler(SlacalcError, _refuse_slacalc_error)
    app.add_exception_handler(HTTPException, _refuse_http_error)
    _add_record_routes(app, Service(policy, max_tickets), max_body_bytes)
    _add_description_routes(app, policy)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


async def _refuse_slacalc_error(_: Request, error: Exception) -> Response:
    assert isinstance(error, SlacalcError)
    return _refusal(error)


async def _refuse_http_error(_: Request, error: Exception) -> Response:
    # Unknown paths and methods answer with the same error shape as every refusal.
    assert isinstance(error, HTTPException)
    message = f"{error.detail}".lower()
    problems = [Problem("", message).to_dict()]
    body = {"error": {"type": "HTTPError", "message": message, "problems": problems}}
    response = _json(body, error.status_code)
    response.headers.update(error.headers or {})  # Allow: on 405
    return response


def _add_record_routes(app: FastAPI, service: Service, max_body_bytes: int) -> None:
    @app.post(
        "/v1/evaluate",
        summary="Evaluate ticket records",
        response_model=ResultRecord | list[ResultRecord],
        responses=_REFUSALS,
        openapi_extra=request_body(
            TicketRecord,
            service.max_tickets,
            "One ticket record, or a list of them (all or nothing).",
        ),
    )
    async def evaluate(
        request: Request,
        now: Annotated[str | None, Query(description=_NOW_HELP)] = None,
        tz: Annotated[str | None, Query(description=_TZ_HELP)] = None,
    ) -> Response:
        """The result record of each ticket record, in the order sent, ``id`` echoed."""
        del now, tz  # read, with the rest of the query, from the request itself
        body = await _read_body(request, max_body_bytes)
        return _json(service.evaluate(body, request.query_params.multi_items()))

    @app.post(
        "/v1/due",
        summary="Due times of tickets",
        response_model=DueRecord | list[DueRecord],
        responses=_REFUSALS,
        openapi_extra=request_body(
            DueRequest,
            service.max_tickets,
            "One due request, or a list of them (all or nothing).",
        ),
    )
    async def due(
        request: Request, tz: Annotated[str | None, Query(description=_TZ_HELP)] = None
    ) -> Response:
        """When each ticket's response and resolution are due (``null``: no time target)."""
        del tz
        body = await _read_body(request, max_body_bytes)
        return _json(service.due(body, request.query_params.multi_items()))


def _add_description_routes(app: FastAPI, policy: Policy) -> None:
    # Written once: these answers never change while the service runs.
    policy_bytes = _static(policy.to_dict())
    input_bytes = _static(ticket_schema())
    output_bytes = _static(result_schema())

    @app.get("/v1/policy", summary="The served policy", response_model=dict[str, Any])
    async def served_policy() -> Response:
        """The policy the service answers with, as policy file data."""
        return Response(policy_bytes, media_type=_JSON)

    @app.get(
        "/v1/schema/input", summary="JSON Schema of ticket records", response_model=dict[str, Any]
    )
    async def input_schema() -> Response:
        """The JSON Schema (draft 2020-12) of ticket records."""
        return Response(input_bytes, media_type=_JSON)

    @app.get(
        "/v1/schema/output", summary="JSON Schema of result records", response_model=dict[str, Any]
    )
    async def output_schema() -> Response:
        """The JSON Schema of result records (or error records)."""
        return Response(output_bytes, media_type=_JSON)

    @app.get("/healthz", summary="Liveness")
    async def health() -> dict[str, str]:
        """``{"status": "ok"}`` while the service is up."""
        return {"status": "ok"}


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        document = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            description=app.description,
            routes=app.routes,
        )
        app.openapi_schema = add_request_schemas(document)
    return app.openapi_schema
