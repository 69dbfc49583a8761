"""A tiny server on 127.0.0.1 answering, as an HTTP proxy for any host, fixed bodies by path."""

from __future__ import annotations

import contextlib
import threading
import time
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class FeedServer:
    """Serves `bodies` ({path: bytes}) with 200, anything else with 404; `origin` is its address.
    Each body is sent after `delay_s` seconds (a slow site keeps a crawl running)."""

    def __init__(self, bodies: dict[str, bytes], content_type: str = "application/atom+xml",
                 delay_s: float = 0):
        handler = partial(_Handler, bodies=bodies, content_type=content_type, delay_s=delay_s)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FeedServer:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


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
