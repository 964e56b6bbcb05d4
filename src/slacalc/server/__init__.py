"""slacalc as an HTTP service: FastAPI on uvicorn, answering with one server-side policy.

``POST /v1/evaluate`` and ``POST /v1/due`` take one record or a list of them
and answer with the records of ``slacalc.schemas``; ``GET /v1/policy``,
``/v1/schema/input``, ``/v1/schema/output`` and ``/healthz`` describe the
service. Refusals are error records (422, or 413 over a limit). The policy is
chosen when the service starts (``--policy FILE``); no request names a file.

FastAPI and uvicorn are the optional extra ``server``: importing this module
needs neither, and ``create_app`` or ``serve`` without them raises
``MissingDependencyError`` with the install hint.

Example:
    >>> from slacalc.server import create_app
    >>> app = create_app(max_tickets=100)
    >>> sorted(route.path for route in app.routes if route.path.startswith("/v1/"))
    ['/v1/due', '/v1/evaluate', '/v1/policy', '/v1/schema/input', '/v1/schema/output']
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from slacalc._dependencies import import_optional
from slacalc._public import publish
from slacalc.policy import Policy, default_policy
from slacalc.server._errors import ServerSettingsError
from slacalc.server._settings import (
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_TICKETS,
    ENV_MAX_BODY_BYTES,
    ENV_MAX_TICKETS,
    ENV_POLICY,
    Settings,
    check_count,
)

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = [
    "ENV_MAX_BODY_BYTES",
    "ENV_MAX_TICKETS",
    "ENV_POLICY",
    "ServerSettingsError",
    "app_from_environment",
    "create_app",
    "serve",
]


def create_app(
    policy: Policy | None = None,
    *,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    max_tickets: int = DEFAULT_MAX_TICKETS,
) -> FastAPI:
    """Return the ASGI application answering with ``policy`` (``None``: the built-in one).

    Args:
        policy: the policy every request is answered with.
        max_body_bytes: larger bodies are refused with 413.
        max_tickets: lists of more records are refused with 413.

    Raises:
        MissingDependencyError: FastAPI is not installed (``pip install 'slacalc[server]'``).
        ServerSettingsError: a limit is not a whole number of at least 1.

    Example:
        >>> import slacalc
        >>> create_app(slacalc.default_policy(), max_body_bytes=4096).title
        'slacalc'
    """
    settings = Settings(None, max_body_bytes, max_tickets)
    import_optional("fastapi", extra="server")
    from slacalc.server._app import build_app  # noqa: PLC0415 - FastAPI only once asked for

    return build_app(
        default_policy() if policy is None else policy,
        max_body_bytes=settings.max_body_bytes,
        max_tickets=settings.max_tickets,
    )


def app_from_environment() -> FastAPI:
    """The application factory of worker processes: settings from the environment.

    ``serve`` sets ``SLACALC_SERVER_POLICY`` (a policy file; empty: the built-in
    policy), ``SLACALC_SERVER_MAX_BODY_BYTES`` and ``SLACALC_SERVER_MAX_TICKETS``
    and hands uvicorn ``slacalc.server:app_from_environment`` with ``factory=True``.
    Set them yourself to run it under another server:
    ``uvicorn --factory slacalc.server:app_from_environment``.

    Raises:
        PolicyError: the policy file is missing or malformed.
        ServerSettingsError: a limit is not a whole number of at least 1.

    Example:
        >>> import os
        >>> os.environ.get(ENV_POLICY) is None or True  # unset: the built-in policy
        True
        >>> app_from_environment().title
        'slacalc'
    """
    settings = Settings.from_environment()
    return create_app(
        settings.policy(),
        max_body_bytes=settings.max_body_bytes,
        max_tickets=settings.max_tickets,
    )


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    policy_path: str | os.PathLike[str] | None = None,
    workers: int = 1,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    max_tickets: int = DEFAULT_MAX_TICKETS,
    access_log: bool = True,
    forwarded_allow_ips: str | None = None,
) -> None:
    """Run the service with uvicorn until it is stopped (Ctrl+C or SIGTERM).

    The policy is loaded (and checked) before the service starts listening.
    With ``workers`` > 1 each worker process builds its own application through
    ``app_from_environment``, from environment variables this function sets.

    Args:
        host: the address to listen on; the default answers this machine only.
        port: the TCP port.
        policy_path: a policy file (TOML or JSON); ``None`` is the built-in policy.
        workers: worker processes.
        max_body_bytes: larger bodies are refused with 413.
        max_tickets: lists of more records are refused with 413.
        access_log: log one line per request.
        forwarded_allow_ips: proxies whose ``X-Forwarded-*`` headers are trusted
            (comma-separated, or ``*``); ``None`` leaves uvicorn's default
            (``$FORWARDED_ALLOW_IPS``, else 127.0.0.1).

    Raises:
        MissingDependencyError: FastAPI or uvicorn is not installed.
        PolicyError: the policy file is malformed.
        OSError: the policy file cannot be read.
        ServerSettingsError: a setting is out of range.

    Example:
        >>> serve(port=8080, workers=0)  # settings are checked before anything starts
        Traceback (most recent call last):
        ...
        slacalc.server.ServerSettingsError: workers must be a whole number of at least 1, got 0
    """
    check_count("port", port, minimum=0, maximum=65535)
    check_count("workers", workers)
    settings = Settings(
        None if policy_path is None else Path(policy_path), max_body_bytes, max_tickets
    )
    uvicorn = import_optional("uvicorn", extra="server")
    app = create_app(
        settings.policy(), max_body_bytes=settings.max_body_bytes, max_tickets=settings.max_tickets
    )
    options: dict[str, object] = {"host": host, "port": port, "access_log": access_log}
    if forwarded_allow_ips is not None:
        options["forwarded_allow_ips"] = forwarded_allow_ips
    if workers == 1:
        uvicorn.run(app, **options)
        return
    # Worker processes import the factory by name and read the settings from here.
    os.environ.update(settings.environment())
    from slacalc.server._nodelay import PROTOCOL  # noqa: PLC0415 - it imports uvicorn

    uvicorn.run(
        "slacalc.server:app_from_environment",
        factory=True,
        workers=workers,
        http=PROTOCOL,  # uvicorn's own, with TCP_NODELAY (Kludex/uvicorn#3149)
        **options,
    )


publish(__name__, ["ServerSettingsError", "app_from_environment", "create_app", "serve"], globals())
