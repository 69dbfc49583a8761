"""`probono sources discover` keeps Scrapy's log off the terminal, as `probono crawl` does: the
operator sees the feeds found or one error line, not the crawler's notices ("Disabled ...")."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.conftest import BIN, run

HOMEPAGE = ('<html><head><title>Site</title><link rel="alternate" type="application/rss+xml"'
            ' href="/feed.xml"></head><body><p>Hello</p></body></html>')
FEED = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Site</title>'
        '<link>http://127.0.0.1/</link><item><title>One</title><link>http://127.0.0.1/a/one</link>'
        '</item></channel></rss>')
NOISE = ("WARNING", "Disabled", "INFO", "ERROR", "[scrapy", "Traceback")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@contextmanager
def site(folder: Path) -> Iterator[str]:
    """The folder served on a free loopback port (no proxy: the crawler connects directly)."""
    (folder / "index.html").write_text(HOMEPAGE, encoding="utf-8")
    (folder / "feed.xml").write_text(FEED, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def discover(url: str, allowed: str):
    return run([str(BIN / "probono"), "sources", "discover", url],
               env_extra={"PROBONO_ALLOW_ORIGINS": allowed, "PROBONO_DOWNLOAD_DELAY": "0",
                          "PROBONO_LOOPBACK_PROXY": ""})


def test_discover_prints_no_log_lines(tmp_path):
    with site(tmp_path) as origin:
        result = discover(f"{origin}/", origin)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"{origin}/feed.xml" in result.stdout
    assert not [noise for noise in NOISE if noise in result.stderr + result.stdout], result.stderr


def test_discover_error_is_one_line(tmp_path):
    with site(tmp_path) as origin:
        result = discover(f"{origin}/missing/", origin)
    assert result.returncode == 4, result.stderr[-2000:]
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("cannot read ") and "HTTP 404" in result.stderr, result.stderr
