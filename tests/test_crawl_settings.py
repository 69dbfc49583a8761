"""What a crawl's fixed costs were cut by (issue 16) must not change what the crawl does: Scrapy's
extensions but its remote control (pipeline/settings.py EXTENSIONS_BASE), each crawler's copy of
the settings (pipeline/commands/crawl.py CrawlSettings), the garbage collector's frozen objects
during a crawl, Scrapy's check of middleware methods made once per function; and its cost per
response: Scrapy's middlewares but the ones that did nothing for this crawl (pipeline/settings.py
DOWNLOADER_MIDDLEWARES_BASE, SPIDER_MIDDLEWARES_BASE), Scrapy's loggers no lower than the crawl's
handlers. Real crawls of the fault server (tests/faultserver.py)
on 127.0.0.1."""

from __future__ import annotations

import copy
import inspect
import json
import logging
import re
import sqlite3
from pathlib import Path
from typing import Any

import scrapy.middleware
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.settings import default_settings as scrapy_defaults

from pipeline import settings as project_settings
from pipeline.commands.crawl import CrawlSettings, crawl_settings, each_method_checked_once
from spiders.feeds import FeedsSpider
from tests.conftest import BIN, run
from tests.faultserver import FaultServer

REMOTE_CONTROL = "scrapy.extensions.remote_control.RemoteControl"

# A crawl in a process of its own (Twisted's reactor runs once per process), telling what it
# imported and whether the garbage collector still holds objects frozen, or other thresholds, once
# it is over.
CRAWL_AND_TELL = """
import gc, json, logging, sys
from pipeline.commands.crawl import run_crawl
before = gc.get_threshold()
debug_records = []
make_record = logging.getLogRecordFactory()
def counted(*args, **kwargs):
    record = make_record(*args, **kwargs)
    if record.levelno == logging.DEBUG and record.name.startswith("scrapy"):
        debug_records.append(record.getMessage()[:80])
    return record
logging.setLogRecordFactory(counted)
result = run_crawl(sys.argv[1], sys.argv[2], log_file=sys.argv[3])
print(json.dumps({"status": result.status, "aiohttp imported": "aiohttp" in sys.modules,
                  "tldextract imported": "tldextract" in sys.modules,
                  "Scrapy's debug records": debug_records,
                  "Scrapy's log level after": logging.getLogger("scrapy").level,
                  "frozen after": gc.get_freeze_count(), "thresholds after": gc.get_threshold(),
                  "thresholds before": before}))
"""

# Scrapy's middlewares that the crawl leaves out, and why each did nothing for it
# (pipeline/settings.py says more).
LEFT_OUT_DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware",  # SharedRobotsTxtMiddleware's
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware",  # no spider sets allowed_domains
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware",  # no credentials, ever
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware",  # HTTPCACHE_ENABLED is off
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",  # CookiesWhenSetMiddleware builds it
}
LEFT_OUT_SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.depth.DepthMiddleware",  # DEPTH_LIMIT is 0: stats only
}
# What a crawl must keep doing, whatever is cut for speed: the middlewares behind politeness,
# limits and safety.
KEPT_DOWNLOADER_MIDDLEWARES = (
    "spiders.netguard.SharedRobotsTxtMiddleware", "useragent.UserAgentMiddleware",
    "downloadtimeout.DownloadTimeoutMiddleware", "retry.RetryMiddleware",
    "spiders.middlewares.RetryBackoffMiddleware", "spiders.middlewares.RetryAfterMiddleware",
    "redirect.RedirectMiddleware", "redirect.MetaRefreshMiddleware",
    "httpcompression.HttpCompressionMiddleware", "spiders.netguard.NetworkGuardMiddleware",
    "spiders.netguard.HostLimitMiddleware", "stats.DownloaderStats",
    "spiders.middlewares.CookiesWhenSetMiddleware",
)
KEPT_SPIDER_MIDDLEWARES = ("httperror.HttpErrorMiddleware", "urllength.UrlLengthMiddleware",
                           "start.StartSpiderMiddleware")


def test_the_crawl_has_scrapys_extensions_but_its_remote_control():
    # A Scrapy upgrade that adds or renames an extension shows here, to be judged and added.
    ours = project_settings.EXTENSIONS_BASE
    assert ours == {path: order for path, order in scrapy_defaults.EXTENSIONS_BASE.items()
                    if path != REMOTE_CONTROL}
    assert project_settings.REMOTE_CONTROL_ENABLED is False


def test_the_crawl_has_scrapys_middlewares_but_the_ones_that_did_nothing_for_it():
    # A Scrapy upgrade that adds, renames or renumbers a middleware shows here, to be judged.
    for ours, scrapys, left_out in (
            (project_settings.DOWNLOADER_MIDDLEWARES_BASE,
             scrapy_defaults.DOWNLOADER_MIDDLEWARES_BASE, LEFT_OUT_DOWNLOADER_MIDDLEWARES),
            (project_settings.SPIDER_MIDDLEWARES_BASE, scrapy_defaults.SPIDER_MIDDLEWARES_BASE,
             LEFT_OUT_SPIDER_MIDDLEWARES)):
        assert ours == {path: order for path, order in scrapys.items() if path not in left_out}
    # ... and they would still do nothing: no setting that one of them read is on.
    settings = crawl_settings("crawl.db", "feeds.yaml")
    assert not settings.getbool("HTTPCACHE_ENABLED")
    assert settings.getint("DEPTH_LIMIT") == 0 and settings.getint("DEPTH_PRIORITY") == 0
    assert not settings.get("HTTPAUTH_USER") and not settings.get("HTTPAUTH_PASS")


def test_no_spider_asks_for_what_a_left_out_middleware_did():
    # allowed_domains (OffsiteMiddleware), http_user (HttpAuthMiddleware), depth_reset
    # (DepthMiddleware): none of them would be honoured now.
    asks = re.compile(r"allowed_domains|http_user|http_pass|depth_reset|dont_cache")
    spiders = sorted((Path(__file__).parent.parent / "spiders").glob("*.py"))
    assert spiders
    for path in spiders:
        assert not asks.search(path.read_text(encoding="utf-8")), path


def crawl_and_tell(folder: Path, source_id: str, feed: str, **env: str
                   ) -> tuple[dict, dict, Path]:
    """CRAWL_AND_TELL on one source of the fault server's feed at `feed`: what the crawl process
    told, the server's hits by host and path, and the database."""
    feeds = folder / "feeds.yaml"
    feeds.write_text(
        f"sources:\n  - id: {source_id}\n    name: {source_id}\n    organisation: Test\n"
        "    country: FR\n    homepage: http://faults.test/\n    languages: [fr]\n"
        f"    feeds: ['http://faults.test{feed}']\n", encoding="utf-8")
    db, log = folder / "crawl.db", folder / "crawl.log"
    with FaultServer() as server:
        result = run([str(BIN / "python"), "-c", CRAWL_AND_TELL, str(db), str(feeds), str(log)],
                     env_extra={"PROBONO_LOOPBACK_PROXY": server.proxy,
                                "PROBONO_DOWNLOAD_DELAY": "0", **env})
        hits = dict(server.hits)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1]), hits, db


def test_a_crawl_obeys_robots_txt_throttles_and_never_loads_the_remote_control(tmp_path):
    # AutoThrottle on, as in production (its first delay, 1 s, is the price of this test).
    told, hits, db = crawl_and_tell(tmp_path, "polite", "/outcomes/robots.xml",
                                    PROBONO_LOG_LEVEL="INFO")
    log = tmp_path / "crawl.log"  # crawl_and_tell's
    # What the crawl changed in the garbage collector (frozen objects, its thresholds) is put back.
    assert told.pop("thresholds after") == told.pop("thresholds before")
    # Scrapy's loggers are put back as Scrapy set them (DEBUG).
    assert told.pop("Scrapy's log level after") == logging.DEBUG
    # No record made for a handler to drop ("Crawled (200)" and "Scraped from" at DEBUG, one per
    # response and item) but the one CrawlerProcess makes as it starts, before the crawl sets the
    # level.
    # No site set a cookie: Scrapy's cookies middleware (and the libraries it loads) never built.
    assert told == {"status": "ok", "aiohttp imported": False, "tldextract imported": False,
                    "Scrapy's debug records": ["Using CrawlerProcess"], "frozen after": 0}
    # robots.txt read once, and its Disallow kept: the two pages under /private/ never asked.
    assert hits["faults.test/robots.txt"] == 1, hits
    assert hits.get("faults.test/private/story-1", 0) == 0, hits
    connection = sqlite3.connect(db)
    row = connection.execute("select errors, robots_disallowed from crawl_run_sources").fetchone()
    connection.close()
    assert row == (0, 2)
    enabled = re.search(r"Enabled extensions:\n(\[.*?\])", log.read_text(encoding="utf-8"),
                        re.DOTALL)
    assert enabled is not None
    for extension in ("throttle.AutoThrottle", "closespider.CloseSpider", "corestats.CoreStats",
                      "logstats.LogStats", "CrawlBookkeeping"):
        assert extension in enabled.group(1), enabled.group(1)
    for kind, kept, left_out in [
            ("downloader", KEPT_DOWNLOADER_MIDDLEWARES, LEFT_OUT_DOWNLOADER_MIDDLEWARES),
            ("spider", KEPT_SPIDER_MIDDLEWARES, LEFT_OUT_SPIDER_MIDDLEWARES)]:
        middlewares = re.search(rf"Enabled {kind} middlewares:\n(\[.*?\])",
                                log.read_text(encoding="utf-8"), re.DOTALL)
        assert middlewares is not None, kind
        for middleware in kept:
            assert middleware in middlewares.group(1), middlewares.group(1)
        for middleware in left_out:
            assert f"'{middleware}'" not in middlewares.group(1), middlewares.group(1)
    # The run's figures are in crawl_run_sources (read above), not dumped into the log again.
    assert "Dumping Scrapy stats" not in log.read_text(encoding="utf-8")
    assert "Spider closed (finished)" in log.read_text(encoding="utf-8")


def test_each_crawlers_set_up_is_logged_once_per_crawl_and_the_rest_as_before(tmp_path):
    """Three sources, three crawlers, one set-up alike: its lines (settings, middlewares,
    extensions, pipelines) once in the log; each spider's own lines (opened, closed) still
    three times; and the loggers left without the filter once the crawl is over."""
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("sources:\n" + "".join(
        f"  - id: source-{n}\n    name: Source {n}\n    organisation: Test\n    country: FR\n"
        f"    homepage: http://faults.test/\n    languages: [fr]\n"
        f"    feeds: ['http://faults.test/outcomes/ttl.xml?{n}']\n" for n in range(3)),
        encoding="utf-8")
    db, log = tmp_path / "crawl.db", tmp_path / "crawl.log"
    tell_filters = ("import logging; from pipeline.logs import SETUP_LOGGERS; "
                    "print('filters left:', sum(len(logging.getLogger(n).filters) "
                    "for n in SETUP_LOGGERS))")
    with FaultServer() as server:
        result = run([str(BIN / "python"), "-c", CRAWL_AND_TELL + tell_filters, str(db),
                      str(feeds), str(log)],
                     env_extra={"PROBONO_LOOPBACK_PROXY": server.proxy,
                                "PROBONO_DOWNLOAD_DELAY": "0",
                                "PROBONO_AUTOTHROTTLE_ENABLED": "false"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "filters left: 0" in result.stdout
    text = log.read_text(encoding="utf-8")
    for set_up in ("Overridden settings:", "Enabled addons:", "Enabled extensions:",
                   "Enabled downloader middlewares:", "Enabled spider middlewares:",
                   "Enabled item pipelines:"):
        assert text.count(set_up) == 1, (set_up, text.count(set_up))
    assert text.count("Spider opened") == 3
    assert text.count("Spider closed (finished)") == 3


def test_a_site_that_sets_a_cookie_gets_it_back_with_the_next_requests(tmp_path):
    """A consent or session cookie: the feed's answer sets it, and the article page refuses a
    request without it (403). Scrapy's cookies middleware, built as the cookie shows, sends it:
    the page is stored whole, not as a teaser."""
    told, hits, db = crawl_and_tell(tmp_path, "consent", "/outcomes/consent.xml",
                                    PROBONO_AUTOTHROTTLE_ENABLED="false")
    assert told["status"] == "ok" and told["tldextract imported"]
    assert hits["faults.test/outcomes/consent"] == 1, hits
    connection = sqlite3.connect(db)
    stored = connection.execute("select url, via, text from articles").fetchall()
    errors = connection.execute("select errors from crawl_run_sources").fetchall()
    connection.close()
    assert [(url, via) for url, via, _ in stored] == [
        ("http://faults.test/outcomes/consent", "feed+page")]
    assert "juristes et des associations" in stored[0][2]
    assert errors == [(0,)]


def test_the_command_loads_its_modules_without_the_collector_then_freezes_them():
    """`probono` (pyproject.toml's entry point) loads Scrapy, Twisted and the rest with the
    garbage collector off, then freezes what they made (left out of every later pass), and turns
    the collector back on for the command itself."""
    tell = ("import atexit, gc, sys; sys.argv = ['probono', '--version']; "
            "atexit.register(lambda: print('frozen', gc.get_freeze_count(), gc.isenabled(), "
            "'scrapy' in sys.modules)); from pipeline.commands import main; main()")
    result = run([str(BIN / "python"), "-c", tell])
    assert result.returncode == 0, result.stderr[-2000:]
    assert "probono, version" in result.stdout
    frozen, enabled, scrapy_loaded = result.stdout.split("frozen ")[1].split()
    assert int(frozen) > 100_000 and enabled == "True" and scrapy_loaded == "True"
    entry = Path(BIN / "probono").read_text(encoding="utf-8")
    assert "from pipeline.commands import main" in entry


def test_the_download_handler_is_imported_as_scrapy_would_and_inspect_left_as_it_was():
    """Its deprecated classes named after their own module, as a plain import names them; the
    shortcuts taken for the import (inspect's stack without source lines, the frozen files told
    to its cache) undone after it."""
    tell = ("import inspect, sys\n"
            "from pipeline.commands.crawl import _import_download_handler\n"
            "stack = inspect.stack\n"
            "_import_download_handler()\n"
            "from scrapy.core.downloader import contextfactory, tls\n"
            "print(contextfactory.ScrapyClientContextFactory.__module__,"
            " contextfactory.AcceptableProtocolsContextFactory.__module__,"
            " tls.ScrapyClientTLSOptions.__module__, inspect.stack is stack,"
            " any(name.startswith('<frozen') for name in inspect.modulesbyfile))")
    result = run([str(BIN / "python"), "-c", tell])
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["scrapy.core.downloader.contextfactory"] * 2 + [
        "scrapy.core.downloader.tls", "True", "False"]


class _AsksForTheSpider:
    def process_request(self, request: Any, spider: Any) -> None:
        """A middleware method in Scrapy's deprecated style, which Scrapy warns of."""


class _TakesNoSpider:
    def process_request(self, request: Any) -> None:
        """A middleware method in Scrapy's present style."""


def test_scrapys_check_of_each_middleware_method_looks_at_each_function_once(monkeypatch):
    # The name Scrapy's check calls: a Scrapy upgrade that renames it shows here.
    assert "argument_is_required(" in inspect.getsource(
        scrapy.middleware.MiddlewareManager._check_mw_method_spider_arg)
    scrapys = scrapy.middleware.argument_is_required
    looked_at: list[str] = []

    def counted(func: Any, arg_name: str) -> bool:
        looked_at.append(func.__qualname__)
        return scrapys(func, arg_name)

    monkeypatch.setattr(scrapy.middleware, "argument_is_required", counted)
    # One instance per crawler: 50 crawlers, the same two methods.
    methods = [middleware.process_request for _ in range(50)
               for middleware in (_AsksForTheSpider(), _TakesNoSpider())]
    with each_method_checked_once():
        answers = [scrapy.middleware.argument_is_required(method, "spider") for method in methods]
    # Scrapy's answers (so its warning and its handling of the method stay), each found once.
    assert answers == [scrapys(method, "spider") for method in methods] == [True, False] * 50
    assert looked_at == ["_AsksForTheSpider.process_request", "_TakesNoSpider.process_request"]
    assert scrapy.middleware.argument_is_required is counted  # put back


def _as_dict(settings: BaseSettings) -> dict[str, Any]:
    """Every setting's value and priority, nested settings as dicts."""
    return {name: (_as_dict(value) if isinstance(value, BaseSettings) else value,
                   settings.getpriority(name)) for name, value in settings.items()}


def test_each_crawler_has_the_same_settings_as_a_deep_copy_and_its_own(tmp_path):
    settings = crawl_settings(tmp_path / "crawl.db", tmp_path / "feeds.yaml",
                              {"PROBONO_RUN_ID": 7, "PROBONO_ALLOWED_PORTS": [80, 8080]})
    assert isinstance(settings, CrawlSettings)
    before = _as_dict(copy.deepcopy(settings))
    crawler = Crawler(FeedsSpider, settings)
    assert _as_dict(crawler.settings) == before
    # What a crawler changes in its copy (Scrapy does, in place) stays in it.
    crawler.settings["DOWNLOAD_HANDLERS_BASE"]["https"] = "elsewhere.Handler"
    crawler.settings["PROBONO_ALLOWED_PORTS"].append(9999)
    crawler.settings.set("DOWNLOAD_DELAY", 99, priority="cmdline")
    crawler.settings.frozen = True
    assert _as_dict(settings) == before
    assert settings.frozen is False
    assert Crawler(FeedsSpider, settings).settings.getlist("PROBONO_ALLOWED_PORTS") == [80, 8080]
