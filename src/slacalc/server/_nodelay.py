"""uvicorn's HTTP protocol with ``TCP_NODELAY`` set on every connection.

With ``workers`` > 1 uvicorn binds the listening socket itself and leaves its
``proto`` at 0, so asyncio does not set ``TCP_NODELAY`` on accepted
connections; Nagle's algorithm then holds back each response body until the
client's delayed ACK, about 40 ms per keep-alive request on Linux
(Kludex/uvicorn#3149). ``serve`` names this class as uvicorn's ``http`` protocol.
"""

from __future__ import annotations

import asyncio
import socket
from contextlib import suppress

from uvicorn.protocols.http.auto import AutoHTTPProtocol

__all__ = ["PROTOCOL", "NoDelayHTTPProtocol"]

PROTOCOL = "slacalc.server._nodelay:NoDelayHTTPProtocol"


class NoDelayHTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    """uvicorn's default HTTP protocol (httptools or h11), sending small writes at once.

    Example:
        >>> issubclass(NoDelayHTTPProtocol, asyncio.Protocol)
        True
    """

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Set ``TCP_NODELAY`` on a TCP connection, then start serving it."""
        connection = transport.get_extra_info("socket")
        if connection is not None and connection.family in {socket.AF_INET, socket.AF_INET6}:
            with suppress(OSError):
                connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
