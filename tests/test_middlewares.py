"""The demo's loopback proxy routing: only *.test hosts, only through a loopback address."""

from __future__ import annotations

import pytest
from scrapy import Request

from spiders.middlewares import LoopbackProxyMiddleware


def test_only_reserved_test_hosts_are_routed():
    middleware = LoopbackProxyMiddleware("http://127.0.0.1:8999")
    demo, real = Request("http://demo-fr-rss.test/feed.xml"), Request("https://example.org/feed")
    middleware.process_request(demo)
    middleware.process_request(real)
    assert demo.meta["proxy"] == "http://127.0.0.1:8999" and "proxy" not in real.meta


@pytest.mark.parametrize("proxy", ["http://10.0.0.1:3128", "http://proxy.example:8080"])
def test_a_proxy_off_the_loopback_interface_is_refused(proxy):
    with pytest.raises(ValueError, match="loopback"):
        LoopbackProxyMiddleware(proxy)


def test_a_redirect_off_the_test_domain_leaves_the_proxy():
    middleware = LoopbackProxyMiddleware("http://127.0.0.1:8999")
    redirected = Request("http://example.org/article", meta={"proxy": "http://127.0.0.1:8999"})
    middleware.process_request(redirected)  # Scrapy copies meta from the redirecting request
    assert "proxy" not in redirected.meta
    other = Request("http://example.org/a", meta={"proxy": "http://corporate-proxy:3128"})
    middleware.process_request(other)
    assert other.meta["proxy"] == "http://corporate-proxy:3128"
