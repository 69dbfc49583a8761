"""A tiny server on 127.0.0.1 answering, as an HTTP proxy for any host, fixed bodies by path."""

from __future__ import annotations

import contextlib
import time
from functools import partial
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from tests.loopback import LoopbackServer


class FeedServer(LoopbackServer):
    """Serves `bodies` ({path: bytes}) with 200, anything else with 404; `origin` is its address.
    Each body is sent after `delay_s` seconds (a slow site keeps a crawl running)."""

    def __init__(self, bodies: dict[str, bytes], content_type: str = "application/atom+xml",
                 delay_s: float = 0):
        super().__init__(partial(_Handler, bodies=bodies, content_type=content_type,
                                 delay_s=delay_s))
        self.origin = self.address


class _Handler(BaseHTTPRequestHandler):
    def __init__(self, *args, bodies: dict[str, bytes], content_type: str, delay_s: float,
                 **kwargs):
        self.bodies, self.content_type, self.delay_s = bodies, content_type, delay_s
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        body = self.bodies.get(urlsplit(self.path).path)
        if body is not None:
            time.sleep(self.delay_s)
        self.send_response(404 if body is None else 200)
        self.send_header("Content-Type", "text/plain" if body is None else self.content_type)
        body = b"not here" if body is None else body
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The crawler may have stopped first.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)
