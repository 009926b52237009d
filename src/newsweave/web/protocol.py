"""uvicorn's HTTP/1.1 protocol with a deadline for the request head.

uvicorn closes idle keep-alive connections, but a client that opens a
connection and then sends its request line and headers a byte at a time
holds it open for ever; a few hundred such clients exhaust the server.
Here each request head must be complete within ``head_timeout`` seconds of
its first byte (or of the connection opening), or the connection is closed.
"""
from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from newsweave.web.config import HEAD_TIMEOUT_S


def deadline_protocol(head_timeout: float = HEAD_TIMEOUT_S) -> type[H11Protocol]:
    """The protocol class to pass as ``uvicorn.run(..., http=...)``."""

    class DeadlineH11Protocol(H11Protocol):
        _head_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            # IDLE: h11 has not yet seen a whole request head on this connection.
            if self.conn.their_state is h11.IDLE:
                if self._head_timer is None:
                    self._arm()
            else:
                self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._head_timer = self.loop.call_later(head_timeout, self._head_too_slow)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_too_slow(self) -> None:
            self._head_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

    return DeadlineH11Protocol
