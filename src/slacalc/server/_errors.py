"""The errors of HTTP requests that are not about a ticket: the body, the query, the limits.

Each is a ``SlacalcError`` with ``problems``, so every refusal the service
sends is the same ``error_record`` as a refused ticket record.
"""

from __future__ import annotations

from typing import ClassVar

from slacalc.errors import SlacalcError

__all__ = [
    "BodyTooLargeError",
    "InvalidRequestError",
    "RequestError",
    "ServerSettingsError",
    "TooManyTicketsError",
    "UnprocessableRecordError",
]


class RequestError(SlacalcError, ValueError):
    """A request the service refuses; ``status`` is the HTTP status it answers with.

    Example:
        >>> RequestError("bad", ()).status
        422
    """

    status: ClassVar[int] = 422


class InvalidRequestError(RequestError):
    """The body is not JSON, not an object or a list, or a query parameter is bad.

    Example:
        >>> InvalidRequestError("the body is not JSON", ()).status
        422
    """


class UnprocessableRecordError(RequestError):
    """A record made slacalc fail in a way it does not describe (a slacalc bug).

    The service still answers 422, never 500, for anything a client sends.

    Example:
        >>> UnprocessableRecordError("cannot evaluate", ()).status
        422
    """


class BodyTooLargeError(RequestError):
    """The body is larger than the service's ``max_body_bytes``.

    Example:
        >>> BodyTooLargeError("too large", ()).status
        413
    """

    status: ClassVar[int] = 413


class TooManyTicketsError(RequestError):
    """A list holds more records than the service's ``max_tickets``.

    Example:
        >>> TooManyTicketsError("too many", ()).status
        413
    """

    status: ClassVar[int] = 413


class ServerSettingsError(SlacalcError, ValueError):
    """A setting of the service (port, workers, limits) is out of range.

    Example:
        >>> from slacalc.server import create_app
        >>> create_app(max_tickets=0)
        Traceback (most recent call last):
        ...
        slacalc.server.ServerSettingsError: max_tickets must be a whole number ...
    """
