"""A threaded HTTP server on 127.0.0.1, on a free port, serving while its context lasts: the base
of the tests' fixture servers (feeds, faults, the proxy of made-up hosts, the SSRF victim)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from typing import Any, Self


class LoopbackServer:
    """`handler` (a request handler class, or a partial of one) answers each request; `port` and
    `address` ("http://127.0.0.1:PORT") say where. Stopped and closed when the context ends."""

    def __init__(self, handler: Callable[..., Any]) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.address = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Self:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
