"""The OpenAPI document: request and response schemas from slacalc's own pydantic models.

The service parses bodies itself (for its limits and its all-or-nothing
lists), so FastAPI cannot see the request models; they are added here, from
the same ``TicketRecord`` and ``DueRequest`` models that validate the bodies,
and the responses name ``ResultRecord``, ``DueRecord`` and ``ErrorResponse``.
"""

from __future__ import annotations

from typing import Any, Final

from pydantic import BaseModel, ConfigDict

from slacalc.schemas import TicketRecord
from slacalc.server._requests import DueRequest

__all__ = ["ErrorResponse", "add_request_schemas", "request_body"]

_REF: Final = "#/components/schemas/{model}"


class ProblemRecord(BaseModel):
    """One thing wrong with a request: the path, what is wrong, and the value found there."""

    model_config = ConfigDict(frozen=True)

    path: str
    message: str
    input: Any = None


class ErrorDetail(BaseModel):
    """What was refused: the error's class name, a message and one problem per thing wrong."""

    model_config = ConfigDict(frozen=True)

    type: str
    message: str
    problems: list[ProblemRecord]


class ErrorResponse(BaseModel):
    """The body of every refusal (422, 413, 404, 405): the CLI's error record without a line.

    Example:
        >>> sorted(ErrorResponse.model_json_schema()["properties"])
        ['error']
    """

    model_config = ConfigDict(frozen=True)

    error: ErrorDetail


def request_body(model: type[BaseModel], max_items: int, description: str) -> dict[str, Any]:
    """The ``requestBody`` of an endpoint taking one ``model`` record or a list of them.

    Example:
        >>> request_body(TicketRecord, 10, "tickets")["requestBody"]["content"]["application/json"][
        ...     "schema"]["oneOf"][1]["maxItems"]
        10
    """
    reference = {"$ref": _REF.format(model=model.__name__)}
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {
                "application/json": {
                    "schema": {
                        "oneOf": [
                            reference,
                            {"type": "array", "items": reference, "maxItems": max_items},
                        ]
                    }
                }
            },
        }
    }


def add_request_schemas(document: dict[str, Any]) -> dict[str, Any]:
    """Add the request models' schemas (validation mode) to an OpenAPI document's components.

    Descriptions keep the first paragraph of each model's docstring.

    Example:
        >>> sorted(add_request_schemas({})["components"]["schemas"])
        ['DueRequest', 'Event', 'EventType', 'JsonValue', 'TicketRecord']
    """
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (TicketRecord, DueRequest):
        schema = model.model_json_schema(mode="validation", ref_template=_REF)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    for schema in schemas.values():  # the docstrings' first paragraph, not their examples
        if "description" in schema:
            schema["description"] = schema["description"].split("\n\n")[0]
    return document
