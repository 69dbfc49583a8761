"""Every Datasette response's security headers, and every request's address from the base URL.

An ASGI wrapper (registered in pipeline/publishing/plugin.py) that:
- adds X-Frame-Options, a frame-ancestors CSP, nosniff and a Referrer-Policy to every response,
  so no other site can frame the login or review pages (clickjacking);
- replaces each request's scheme and Host with those of the configured base URL, so absolute URLs
  (Atom ids and links, JSON next_url, redirects) never carry a Host header a client made up.

The base URL comes from the `probono-feed` plugin configuration (`probono serve --base-url`, which
defaults to http://127.0.0.1:PORT), else $PROBONO_BASE_URL, else DEFAULT_BASE_URL.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from pipeline.errors import ConfigError

LOG = logging.getLogger(__name__)
PLUGIN_NAME = "probono-feed"
BASE_URL_ENV = "PROBONO_BASE_URL"
DEFAULT_BASE_URL = "http://127.0.0.1:8001"
SECURITY_HEADERS = {
    b"x-frame-options": b"DENY",
    b"content-security-policy": b"frame-ancestors 'none'",
    b"x-content-type-options": b"nosniff",
    # Publishers see that a reader came from the feed, never what they searched for.
    b"referrer-policy": b"strict-origin-when-cross-origin",
}

App = Callable[[dict, Callable, Callable], Awaitable[None]]


def checked_base_url(url: str) -> str:
    """The base URL as scheme://host[:port]; ConfigError when it is not an http(s) origin."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"expected an http(s) URL such as https://feed.example.org, got {url!r}",
                          path="base URL")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ConfigError(f"expected scheme://host[:port] only, got {url!r}", path="base URL")
    try:
        parts.port  # noqa: B018 - raises on a port outside 0-65535
    except ValueError as error:
        raise ConfigError(f"{error}, in {url!r}", path="base URL") from error
    return f"{parts.scheme}://{parts.netloc}"


def configured_base_url(datasette: Any) -> str:
    """The base URL this Datasette serves under (see the module docstring)."""
    config = datasette.plugin_config(PLUGIN_NAME) or {}
    return checked_base_url(config.get("base_url") or os.environ.get(BASE_URL_ENV)
                            or DEFAULT_BASE_URL)


def secured(app: App, base_url: str) -> App:
    """The app, with requests addressed to base_url and responses carrying SECURITY_HEADERS."""
    scheme, host = base_url.split("://", 1)
    host_header = host.encode("latin-1")

    async def wrapped(scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            return await app(scope, receive, send)
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"host"]
        scope = {**scope, "scheme": scheme, "headers": [(b"host", host_header), *headers]}

        started = False

        async def with_headers(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                kept = [(k, v) for k, v in message.get("headers", [])
                        if k.lower() not in SECURITY_HEADERS]
                message = {**message, "headers": kept + list(SECURITY_HEADERS.items())}
            await send(message)
        try:
            await app(scope, receive, with_headers)
        except Exception:
            if started:
                raise  # the server can only cut the connection now
            # A failure before any answer: one log line and a plain 500, headers included.
            LOG.exception("unexpected error answering %s", scope.get("path", "")[:200])
            await with_headers({"type": "http.response.start", "status": 500,
                                "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
            await send({"type": "http.response.body", "body": b"Internal server error"})
    return wrapped
