"""``python -m slacalc.server``: run the HTTP service.

Example:
    >>> _parser().parse_args(["--port", "9000"]).port
    9000
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from slacalc.errors import MissingDependencyError, PolicyError, SlacalcError
from slacalc.server import serve
from slacalc.server._settings import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_TICKETS


def _whole(minimum: int, maximum: int | None = None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum or (maximum is not None and value > maximum):
            top = f" to {maximum}" if maximum is not None else " or more"
            raise argparse.ArgumentTypeError(f"expected {minimum}{top}, got {value}")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m slacalc.server",
        description="Serve slacalc over HTTP (FastAPI on uvicorn). See docs/server.md.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=_whole(0, 65535), default=8080, help="TCP port (default: %(default)s)"
    )
    parser.add_argument(
        "--policy", metavar="FILE", help="policy file (TOML or JSON); default: the built-in policy"
    )
    parser.add_argument(
        "--workers", type=_whole(1), default=1, help="worker processes (default: %(default)s)"
    )
    parser.add_argument(
        "--max-body-bytes",
        type=_whole(1),
        default=DEFAULT_MAX_BODY_BYTES,
        help="refuse larger bodies with 413 (default: %(default)s)",
    )
    parser.add_argument(
        "--max-tickets",
        type=_whole(1),
        default=DEFAULT_MAX_TICKETS,
        help="refuse longer lists with 413 (default: %(default)s)",
    )
    parser.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help="proxies trusted for X-Forwarded-* (comma-separated, or *); default: 127.0.0.1",
    )
    parser.add_argument("--no-access-log", action="store_true", help="log no line per request")
    return parser  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Run the service with the options of ``argv``; return the exit status.

    Example:
        >>> main(["--port", "99999"])
        Traceback (most recent call last):
        ...
        SystemExit: 2
    """
    parser = _parser()
    options = parser.parse_args(argv)
    try:
        serve(
            host=options.host,
            port=options.port,
            policy_path=options.policy,
            workers=options.workers,
            max_body_bytes=options.max_body_bytes,
            max_tickets=options.max_tickets,
            access_log=not options.no_access_log,
            forwarded_allow_ips=options.forwarded_allow_ips,
        )
    except MissingDependencyError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)  # noqa: T201
        return 1
    except PolicyError as error:
        parser.error(f"--policy {options.policy}: {error}")
    except OSError as error:  # the policy file cannot be read (the port is uvicorn's to report)
        parser.error(f"--policy {options.policy}: cannot read it ({error.strerror or error})")
    except SlacalcError as error:
        parser.error(str(error))
    return 0


if __name__ == "__main__":
    sys.exit(main())
