"""A server on 127.0.0.1 acting as the HTTP proxy of made-up hosts (*.test): a subclass says what
each request gets (`answer`), the server does the rest. Used as `with Subclass() as sites:`, its
address in `proxy` (PROBONO_LOOPBACK_PROXY)."""

from __future__ import annotations

import contextlib
from functools import partial
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from tests.loopback import LoopbackServer


class LoopbackProxy(LoopbackServer):
    """Answers each GET with what `answer(host, path, headers)` returns: (status, body, headers);
    a 304 goes without a body or a Content-Length."""

    def __init__(self) -> None:
        super().__init__(partial(_Handler, proxy=self))
        self.proxy = self.address

    def answer(self, host: str, path: str,
               headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        raise NotImplementedError


class _Handler(BaseHTTPRequestHandler):
    def __init__(self, *args, proxy: LoopbackProxy, **kwargs):
        self.proxy = proxy
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)  # as a proxy: the whole URL
        status, body, headers = self.proxy.answer(url.hostname or "", url.path, dict(self.headers))
        self.send_response(status)
        for name, value in {"Content-Type": "text/plain", **headers}.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)
