"""The `probono` command: a thin click layer over the library functions."""

from __future__ import annotations

import atexit
import gc
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from datetime import UTC
from pathlib import Path
from typing import NoReturn

import click

from pipeline.commands.crawl import (
    EXIT_CONFIG,
    EXIT_DATABASE,
    EXIT_LOCKED,
    EXIT_NOTHING_FETCHED,
    CrawlResult,
    run_crawl,
)
from pipeline.errors import (
    ConfigError,
    DatabaseUnusable,
    LockedError,
    ProbonoError,
    database_problem,
)
from pipeline.outcomes import SKIPPED_FIGURES
from pipeline.sources import load_sources

DEFAULT_DB = "data/probono.db"
DEFAULT_DEMO_DB = "data/demo.db"
DEFAULT_FEEDS = "feeds.yaml"
DEFAULT_LOG_FILE = "data/logs/probono.log"
# On loopback, against our own fixture servers, politeness delays only slow the demo down.
DEMO_SETTINGS = {
    "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}
# `probono serve` stops within 5 s of SIGTERM: Datasette gets this long, then is killed.
SERVE_STOP_GRACE_S = 4


class ConfigProblem(click.ClickException):
    """A configuration error, reported in one line with its own exit code."""

    exit_code = EXIT_CONFIG


EXIT_UNEXPECTED = 70  # a bug or a failure nobody foresaw (sysexits' EX_SOFTWARE); details logged


class _Commands(click.Group):
    """The `probono` group: any failure ends with one line and its exit code, never a traceback
    (the traceback of an unexpected one goes to the log file)."""

    def invoke(self, context: click.Context) -> object:
        try:
            return super().invoke(context)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (sqlite3.DatabaseError, OSError) as error:
            if database_problem(error) is None:
                _unexpected(error)
            click.echo(f"Error: {_unusable(error)}", err=True)
            sys.exit(EXIT_DATABASE)
        except Exception as error:
            _unexpected(error)


def _unusable(error: BaseException) -> str:
    """One line for a database (or file system) that cannot be used."""
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {database_problem(error)} ({error.strerror})"
    return f"database unusable: {database_problem(error)} ({error})"


def _unexpected(error: BaseException) -> NoReturn:
    """Log the traceback to the log file, print one line naming it, exit EXIT_UNEXPECTED."""
    import logging

    from pipeline.logs import add_log_file

    log_file = os.environ.get("PROBONO_LOG_FILE", DEFAULT_LOG_FILE)
    try:
        add_log_file(log_file)
        logging.getLogger("probono").error("unexpected failure", exc_info=error)
        where = f"traceback in {log_file}"
    except OSError:
        where = "no log file could be written"
    message = " ".join(str(error).split())[:200]
    click.echo(f"Error: unexpected {type(error).__name__}: {message} ({where})", err=True)
    sys.exit(EXIT_UNEXPECTED)


@click.group(cls=_Commands)
@click.version_option(package_name="probono-feed")
def main() -> None:
    """probono-feed: the news feed of the pro bono world."""


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="PROBONO_DB",
              help="SQLite database to write (env PROBONO_DB).")
@click.option("--feeds", default=DEFAULT_FEEDS, show_default=True, envvar="PROBONO_FEEDS",
              help="Sources file (env PROBONO_FEEDS).")
@click.option("--source", "sources", multiple=True, metavar="ID",
              help="Crawl only this source (repeatable); default: every enabled source.")
@click.option("--log-level", default=None, envvar="PROBONO_LOG_LEVEL",
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
              help="Log lines the console shows too (env PROBONO_LOG_LEVEL), one line each; "
                   "by default none, one line per source. The log file has INFO and tracebacks.")
@click.option("--log-file", default=DEFAULT_LOG_FILE, show_default=True, envvar="PROBONO_LOG_FILE",
              help="Rotating log file, 5 MB x 6 (env PROBONO_LOG_FILE).")
def crawl(
    db: str, feeds: str, sources: tuple[str, ...], log_level: str | None, log_file: str
) -> None:
    """Crawl the sources of feeds.yaml into the database.

    On a terminal: a progress bar and each source's figures. Under cron (no terminal): silent when
    all went well, the figures when not, so that cron mails only what needs a look. Exit codes:
    0 ok, 1 some sources failed, 2 configuration error, 3 another crawl is running,
    4 nothing fetched, 5 database unusable (corrupt, read-only, disk full),
    70 unexpected failure (traceback in the log).

    Example: probono crawl --db data/probono.db --source demo-fr-rss
    """
    # When the process ends, its objects (Scrapy's, Twisted's, every module's) need no last
    # garbage collection: 0.15-0.25 s of a re-crawl of 2 s here. The other atexit handlers
    # (logging's flush) still run, and the store is closed before: the OS takes the rest back.
    atexit.register(gc.freeze)
    terminal = sys.stdout.isatty()
    # By default the console carries no log records: one line per source says it all (a failing
    # one on stderr), and the details go to the log file.
    overrides = {"LOG_LEVEL": log_level or "CRITICAL"}
    if terminal:
        result = _crawl_with_progress(db, feeds, sources, overrides, log_file)
    else:
        result = _crawl_or_exit(db, feeds, sources, overrides, log_file)
    if terminal or result.exit_code:
        _print_run(result)
    sys.exit(result.exit_code)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="PROBONO_DB",
              help="SQLite database to serve (env PROBONO_DB).")
@click.option("--port", default=8001, show_default=True, type=int, help="Port on 127.0.0.1.")
@click.option("--base-url", default=None, envvar="PROBONO_BASE_URL", metavar="URL",
              help="The address readers use, scheme://host[:port]: absolute links (Atom ids and "
                   "links) are built from it, never from the Host header (env PROBONO_BASE_URL; "
                   "default http://127.0.0.1:PORT).")
def serve(db: str, port: int, base_url: str | None) -> None:
    """Serve the database with Datasette on 127.0.0.1; exits with Datasette's status.

    Example: probono serve --db data/probono.db --port 8001 --base-url https://feed.example.org
    """
    if not Path(db).is_file():
        raise click.ClickException(
            f"{db}: no such database (run `probono crawl` or `probono demo` first)")
    _check_database(db)
    upgraded = _bring_up_to_date(db)
    if upgraded:
        click.echo(f"{db}: brought up to date for this version ({', '.join(upgraded)})", err=True)
    sys.exit(_serve(db, port, base_url=base_url))


@main.command()
@click.option("--db", default=DEFAULT_DEMO_DB, show_default=True, help="SQLite database to build.")
@click.option("--no-serve", is_flag=True,
              help="Build the database and stop; do not start Datasette.")
@click.option("--port", default=8001, show_default=True, type=int,
              help="Datasette's port on 127.0.0.1.")
def demo(db: str, no_serve: bool, port: int) -> None:
    """Serve the bundled demo network on 127.0.0.1, crawl it, and publish it with Datasette.

    Example: probono demo --no-serve --db /tmp/demo.db
    """
    from pipeline.demo_network import DemoNetwork
    from pipeline.store import Store

    with DemoNetwork() as network:
        feeds = network.write_feeds(Path(db).with_suffix(".feeds.yaml"))
        click.echo(f"Demo network: {len(network.sites)} sites ({', '.join(network.bases.values())})"
                   f" served through {network.proxy}")
        # The demo's own server is the one loopback origin this crawl may reach (its .test sites
        # go through it as a proxy); everything else stays the public web only.
        overrides = {**DEMO_SETTINGS, "LOG_LEVEL": "WARNING",
                     "PROBONO_LOOPBACK_PROXY": network.proxy,
                     "PROBONO_ALLOW_ORIGINS": network.proxy}
        result = _crawl_or_exit(db, str(feeds), (), overrides)
        _print_run(result)
        with Store(db) as store:
            summary = store.summary()
        click.echo(f"Database {db}: {summary['articles']} articles, {summary['stories']} stories "
                   f"({summary['duplicates']} duplicate(s) folded into their original)")
        by_language = ", ".join(f"{k} {v}" for k, v in summary["by_language"].items())
        by_source = ", ".join(f"{k} {v}" for k, v in summary["by_source"].items())
        click.echo("Articles per language: " + by_language)
        click.echo("Articles per source: " + by_source)
        if not no_serve:
            _serve(db, port, extra_editors=_demo_editor(port))
    sys.exit(result.exit_code)


def _demo_editor(port: int) -> dict[str, str]:
    """A one-off "demo" editor for this run, so the review page can be tried at once; its password
    is printed, and its hash lives only in the Datasette process's environment."""
    import secrets

    from datasette_auth_passwords.utils import hash_password

    password = secrets.token_urlsafe(9)
    click.echo(f"Demo editor: log in at http://127.0.0.1:{port}/-/login as demo / {password}")
    return {"demo": hash_password(password)}


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--base-url", default=None, help="The pages' URL, to resolve relative links.")
def extract(files: tuple[str, ...], base_url: str | None) -> None:
    """Extract main text and metadata from saved pages (.html or .html.gz), one JSON line per file.

    Keys: path, url (canonical, when the page says), title, text (paragraphs separated by a blank
    line), published (ISO 8601 or null), author, lang, image.

    Example: probono extract page.html other.html.gz --base-url https://www.example.org/news/1
    """
    from pipeline.extract import extract_file

    for path in files:
        try:
            record = extract_file(path, base_url)
        except OSError as error:  # unreadable or not gzip: say which, and go on with the others
            click.echo(f"{path}: {error}", err=True)
            continue
        click.echo(json.dumps(record, ensure_ascii=False))


@main.command("detect-language")
def detect_language_command() -> None:
    """Print the language of each line of standard input: one ISO 639-1 code per line.

    Each line is one text (a title, a teaser), decided as the pipeline decides a text with no
    declared language: the best guess among the network's languages (pipeline/languages.yaml).
    A line with nothing to detect (blank, digits, emoji, punctuation only) gives an empty line,
    so output line N always answers input line N. Bytes that are not UTF-8 are skipped, with a
    warning naming the line on stderr.

    Example: printf 'Devenir bénévole\\nOur partner charities\\n' | probono detect-language
    """
    from pipeline.language import detect_text_language

    for number, raw in enumerate(sys.stdin.buffer, start=1):
        line = raw.rstrip(b"\r\n")
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text = line.decode("utf-8", errors="replace")  # U+FFFD is no letter: it sways nothing
            click.echo(f"line {number}: not UTF-8, undecodable bytes skipped", err=True)
        click.echo(detect_text_language(text) or "")


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="PROBONO_DB",
              help="SQLite database to reprocess (env PROBONO_DB).")
@click.option("--source", "sources", multiple=True, metavar="ID",
              help="Only this source's articles (repeatable); default: all.")
def reprocess(db: str, sources: tuple[str, ...]) -> None:
    """Run extraction and enrichment again on the stored pages and articles, without the network.

    Use it after improving the extractor, the taxonomy or the language rules. Editors' decisions
    are kept; only rows whose computed columns change are written.

    Example: probono reprocess --db data/probono.db --source demo-es-html
    """
    from pipeline.lock import CrawlLock
    from pipeline.reprocess import reprocess as run_reprocess

    if not Path(db).is_file():
        raise click.ClickException(f"{db}: no such database")
    try:
        with CrawlLock(db):  # never at the same time as a crawl writing the same rows
            counts = run_reprocess(db, sources)
    except LockedError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_LOCKED)
    click.echo(f"Reprocessed {sum(counts.values())} articles: updated {counts['updated']}, "
               f"unchanged {counts['unchanged']}, new {counts['new']}, empty {counts['empty']}")


@main.command()
@click.argument("destination", type=click.Path(dir_okay=False))
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="PROBONO_DB",
              help="SQLite database to copy (env PROBONO_DB).")
def backup(destination: str, db: str) -> None:
    """Copy the database consistently, even while Datasette reads it or a crawl writes it.

    Uses SQLite's online backup: the copy is one moment of the database, never half a crawl.

    Example: probono backup /var/backups/probono-$(date +%F).db
    """
    from pipeline.store import backup_database

    if not Path(db).is_file():
        raise click.ClickException(f"{db}: no such database")
    backup_database(db, destination)
    click.echo(f"{db} -> {destination} ({Path(destination).stat().st_size:,} bytes)")


@main.group(invoke_without_command=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="PROBONO_DB",
              help="SQLite database to read (env PROBONO_DB).")
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object per source instead of a table.")
@click.pass_context
def sources(context: click.Context, db: str, as_json: bool) -> None:
    """Each source's health (without a subcommand), or check / discover sources.

    Health: last success, last new article, consecutive failures, articles per week, and warnings
    for a source gone quiet, a listing that found no link, a feed that moved or is gone, a source
    with no way in found; a homepage-only source's ways in and their last change.
    Archived and disabled sources are listed as such, without warnings.

    Example: probono sources --json
    """
    if context.invoked_subcommand is not None:
        return
    from pipeline.health import source_health
    from pipeline.store import Store

    if not Path(db).is_file():
        raise click.ClickException(f"{db}: no such database (run `probono crawl` first)")
    with Store(db) as store:
        report = [source_health(row) for row in store.source_health_rows()]
    for health in report:
        if as_json:
            click.echo(json.dumps(vars(health), ensure_ascii=False))
            continue
        last_ok = (health.last_success or "-")[:10]
        last_new = (health.last_new_article or "-")[:10]
        click.echo(f"{health.id:<28} {health.state:<14} last ok {last_ok:<10}  "
                   f"last new {last_new:<10}  failures {health.consecutive_failures}"
                   f"  {health.articles_per_week}/week")
        for way in health.ways_in:
            click.echo(f"    way in: {way}")
        if health.last_way_change:  # what the crawler last found or saw break, and when
            click.echo(f"    changed {health.last_way_change}")
        for warning in health.warnings:
            click.echo(f"    ! {warning}")


@sources.command("check")
@click.option("--feeds", default=DEFAULT_FEEDS, show_default=True, envvar="PROBONO_FEEDS",
              help="Sources file (env PROBONO_FEEDS).")
def sources_check(feeds: str) -> None:
    """Validate feeds.yaml and list its sources.

    Example: probono sources check --feeds feeds.yaml
    """
    try:
        loaded = load_sources(feeds)
    except ConfigError as error:
        raise ConfigProblem(str(error)) from None
    for source in loaded:
        ways = ([f"{len(source.feeds)} feed(s)"] * bool(source.feeds)
                + [f"{len(source.listings)} listing(s)"] * bool(source.listings)
                + [f"{len(source.sitemaps)} sitemap(s)"] * bool(source.sitemaps)
                + ["robots.txt sitemaps"] * source.sitemap_from_robots)
        state = "enabled" if source.enabled else "disabled"
        ways_in = ", ".join(ways) or "homepage only (the crawler finds its ways in)"
        click.echo(f"{source.id:<28} {source.country:<6} {','.join(source.languages):<8} "
                   f"{source.kind:<8} {state:<9} {ways_in}")
    enabled = sum(s.enabled for s in loaded)
    click.echo(f"{feeds}: {len(loaded)} sources valid, {enabled} enabled.")


@sources.command("discover")
@click.argument("url")
def sources_discover(url: str) -> None:
    """Find the feeds of a site from its homepage, and check that each one reads.

    Looks at the page's <link rel="alternate">, then its feed-like links, then the usual paths of
    blog engines (/feed/, /rss/, /rss.xml, /atom.xml, /index.xml ...). Exit 0 when a feed was
    found, 1 when none, 4 when the page could not be fetched.

    Example: probono sources discover https://www.example.org/
    """
    from pipeline.commands.crawl import run_discovery
    from pipeline.urls import followable_url

    if followable_url(url) is None:
        raise click.BadParameter(f"not an http(s) URL: {url!r}", param_hint="URL")
    found, error = run_discovery(url)
    if error:
        click.echo(f"cannot read {error}", err=True)
        sys.exit(EXIT_NOTHING_FETCHED)
    for feed in found:
        moved = f" (asked {feed['asked']})" if feed["asked"] != feed["url"] else ""
        warning = f", malformed: {feed['malformed']}" if feed["malformed"] else ""
        click.echo(f"{feed['url']}  {feed['title']!r}, {feed['entries']} entries, {feed['how']}"
                   f"{moved}{warning}")
    if not found:
        click.echo(f"{url}: no feed found (try a listing page in feeds.yaml)")
        sys.exit(1)
    click.echo("feeds.yaml: feeds: [" + ", ".join(f["url"] for f in found) + "]")


@sources.command("verify")
@click.option("--feeds", default=DEFAULT_FEEDS, show_default=True, envvar="PROBONO_FEEDS",
              help="Sources file (env PROBONO_FEEDS).")
@click.option("--source", "source_ids", multiple=True, metavar="ID",
              help="Verify only this source (repeatable); default: every source of the file.")
@click.option("--write", is_flag=True,
              help="Write the ways in found into the sources file (comments kept) and mark "
                   "those sources verified.")
@click.option("--json", "as_json", is_flag=True, help="A JSON list instead of a table.")
def sources_verify(feeds: str, source_ids: tuple[str, ...], write: bool, as_json: bool) -> None:
    """Find each source's ways in from its homepage (feeds, sitemaps, listing pages), or check
    its configured ones, and say what they lead to: articles seen, newest date, problems.

    Exit 0 when every source has a way in, 1 when some have none (named), 2 on a configuration
    error.

    Example: probono sources verify --source pro-bono-week --write
    """
    from pipeline.commands.crawl import run_verify
    from pipeline.verify_report import verify_json, verify_table, without_way_in

    try:
        load_sources(feeds)  # a broken file stops here, before any request
        discoveries = run_verify(feeds, source_ids, {})
        if write:
            updated = _write_ways_in(Path(feeds), discoveries)
    except ConfigError as error:
        raise ConfigProblem(str(error)) from None
    click.echo(verify_json(discoveries) if as_json else verify_table(discoveries))
    if write:
        click.echo(f"{feeds}: {updated} source{'s' * (updated != 1)} updated", err=as_json)
    missing = without_way_in(discoveries)
    if missing:
        if as_json:  # the table's summary line names them; JSON readers get the names on stderr
            click.echo(f"no way in found for: {', '.join(missing)}", err=True)
        sys.exit(1)


def _write_ways_in(path: Path, discoveries: list) -> int:
    """Rewrite the sources file with the ways in found, atomically; how many sources changed."""
    from pipeline.sources_write import ways_in_written

    target = path.resolve()  # a symlinked feeds.yaml stays a symlink: its target is rewritten
    try:
        with target.open(encoding="utf-8", newline="") as source:  # line ends as they are
            text = source.read()
    except OSError as error:
        raise ConfigError(f"cannot read: {error.strerror}", path=str(path)) from None
    new, changed = ways_in_written(text, {d.source_id: d for d in discoveries}, str(path))
    if changed:
        _replace_atomically(target, new, str(path))
    return len(changed)


def _replace_atomically(target: Path, text: str, shown_as: str) -> None:
    """Write beside the file then rename over it: an interrupted write never leaves half a file."""
    temp = None
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temp, target.stat().st_mode & 0o7777)
        os.replace(temp, target)
    except OSError as error:
        if temp is not None:
            with suppress(OSError):
                os.unlink(temp)
        raise ConfigError(f"cannot write: {error.strerror}", path=shown_as) from None


@main.group()
def editors() -> None:
    """The editors who log in to review articles (kept in $PROBONO_EDITORS_FILE or
    ~/.config/probono/editors.json, outside the repository)."""


@editors.command("add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input (for scripts).")
def editors_add(name: str, password_stdin: bool) -> None:
    """Create an editor, or give one a new password; asks for it twice.

    Example: probono editors add marie
    """
    from pipeline.publishing.editors import add_editor

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True)
    path = _or_config_problem(add_editor, name, password)
    click.echo(f"Editor {name} saved in {path}; a running `probono serve` lets them in at once "
               "(and ends the sessions begun with an old password).")


@editors.command("list")
def editors_list() -> None:
    """Print the editors' names, one per line.

    Example: probono editors list
    """
    from pipeline.publishing.editors import load_editors

    for name in sorted(_or_config_problem(load_editors)):
        click.echo(name)


@editors.command("remove")
@click.argument("name")
def editors_remove(name: str) -> None:
    """Remove an editor (their past decisions stay in the audit).

    Example: probono editors remove marie
    """
    from pipeline.publishing.editors import remove_editor

    if not _or_config_problem(remove_editor, name):
        raise click.ClickException(f"no editor named {name!r}")
    click.echo(f"Editor {name} removed; their sessions end at once, on a running server too.")


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to read.")
@click.option("--date", "day", default=None,
              help="The UTC day of the editors' decisions (YYYY-MM-DD); today by default.")
@click.option("--lang", "language", default=None,
              help="Only articles in this language (ISO 639-1).")
@click.option("--format", "output_format", type=click.Choice(["md", "html"]), required=True,
              help="Markdown or HTML.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of standard output.")
def digest(
    db: str, day: str | None, language: str | None, output_format: str, output: str | None
) -> None:
    """Write the day's newsletter: featured articles first, then the approved ones by topic, each
    with its title, source, date, summary and link, and its copies as "also at".

    Example: probono digest --db data/demo.db --format md --date 2026-11-22 --lang fr
    """
    from datetime import date, datetime

    from pipeline.publishing.digest import build_digest, render_html, render_markdown
    from pipeline.store import Store
    from pipeline.tagging import load_taxonomy

    if day is None:
        day = datetime.now(UTC).date().isoformat()
    try:
        date.fromisoformat(day)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {day!r}", param_hint="--date") from None
    if not Path(db).is_file():
        raise click.ClickException(
            f"{db}: no such database (run `probono crawl` or `probono demo` first)")
    with Store(db) as store:
        rows = store.digest_rows(day, language)
    labels = {topic.id: topic.labels for topic in load_taxonomy().topics}
    built = build_digest(rows, day, language, labels)
    text = render_markdown(built) if output_format == "md" else render_html(built)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"{output}: {built.count} article(s)", err=True)
    else:
        click.echo(text, nl=False)


def _crawl_or_exit(db: str, feeds: str, sources: tuple[str, ...], overrides: dict,
                   log_file: str | None = None, on_source_done=None) -> CrawlResult:
    try:
        return run_crawl(db, feeds, sources, overrides, log_file, on_source_done)
    except ConfigError as error:
        raise ConfigProblem(str(error)) from None
    except LockedError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_LOCKED)
    except DatabaseUnusable as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_DATABASE)
    except ProbonoError as error:
        raise click.ClickException(str(error)) from None


def _crawl_with_progress(db: str, feeds: str, sources: tuple[str, ...], overrides: dict,
                         log_file: str) -> CrawlResult:
    """The crawl with a progress bar counting sources as their spiders are all done (how many
    spiders a source needs is known only as it goes: its ways in may be looked for)."""
    from pipeline.sources import load_sources, select_sources

    try:
        total = len(select_sources(load_sources(feeds), sources))
    except ConfigError as error:
        raise ConfigProblem(str(error)) from None
    with click.progressbar(length=total, label="Crawling", file=sys.stderr,
                           item_show_func=lambda name: name) as bar:
        return _crawl_or_exit(db, feeds, sources, overrides, log_file,
                              lambda source_id: bar.update(1, source_id))


def _print_run(result: CrawlResult) -> None:
    """One line per source and spider: its figures on stdout, or, when it failed, what went wrong
    on stderr; then the run's totals."""
    for row in result.per_source:
        if row["errors"]:
            more = f" (+{row['errors'] - 1} more in the log file)" if row["errors"] > 1 else ""
            click.echo(f"  {row['source_id']:<24} {row['spider']:<6} FAILED: {row['last_error']}"
                       f"{more}  new {row['new']}", err=True)
            continue
        skipped = ", ".join(f"{name.replace('_', ' ')} {row[name]}"
                            for name in (*SKIPPED_FIGURES, "refused") if row.get(name))
        click.echo(f"  {row['source_id']:<24} {row['spider']:<6} requests {row['requests']:>3} "
                   f"(304: {row['feeds_not_modified']}, pages {row['pages_fetched']} fetched, "
                   f"{row['pages_skipped']} already stored)  new {row['new']:>3}  updated "
                   f"{row['updated']:>3}  unchanged {row['unchanged']:>3}  errors 0"
                   + (f"  skipped: {skipped}" if skipped else "")
                   + (f"  note: {row['last_error']}" if row["last_error"] else ""))  # a refusal
    totals = result.totals
    click.echo(f"Crawl run {result.run_id}: {result.status} (exit {result.exit_code}); new "
               f"{totals['new']}, updated {totals['updated']}, unchanged {totals['unchanged']}, "
               f"dropped {totals['dropped']}, errors {totals['errors']}")


def _serve(db: str, port: int, extra_editors: dict[str, str] | None = None,
           base_url: str | None = None) -> int:
    """Run `datasette serve` until it exits or we are stopped; its exit status. The server reads
    the editors file itself; the run's own editors' hashes travel in its environment."""
    from pipeline.publishing.editors import auth_plugin_config, editors_file, load_editors
    from pipeline.publishing.login import proxy_environment
    from pipeline.publishing.serve import datasette_command, metadata_for
    from pipeline.publishing.sessions import lifetimes

    editors = {**_or_config_problem(load_editors), **(extra_editors or {})}
    # The server reads the editors file itself, again whenever it changes (so a removed editor's
    # sessions end at once); only this run's own editors (the demo's) travel in its environment.
    auth_config, hash_environment = auth_plugin_config(extra_editors or {}, editors_file())
    proxies = _or_config_problem(proxy_environment)
    _or_config_problem(lifetimes)  # a bad PROBONO_SESSION_* stops here, not at every request
    from pipeline.publishing.web_headers import checked_base_url

    base_url = _or_config_problem(checked_base_url, base_url or f"http://127.0.0.1:{port}")
    with tempfile.TemporaryDirectory(prefix="probono-datasette-") as folder:
        metadata_file = Path(folder) / "metadata.json"
        metadata_file.write_text(json.dumps(metadata_for(db, auth_config, base_url=base_url)),
                                 encoding="utf-8")
        command = datasette_command(db, metadata_file, port)
        click.echo(f"Datasette on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        if editors:
            click.echo(f"Editors: {', '.join(sorted(editors))}; they log in at "
                       f"http://127.0.0.1:{port}/-/login and review at http://127.0.0.1:{port}/-/review")
        else:
            click.echo(f"No editor yet ({editors_file()}): add one with `probono editors add NAME`")
        return _run_until_stopped(command, {**os.environ, **hash_environment, **proxies})


def _run_until_stopped(command: list[str], env: dict[str, str]) -> int:
    """Run the command; SIGTERM, SIGINT or SIGHUP stops it too (killed after SERVE_STOP_GRACE_S),
    so nothing is left running and the caller's temporary folder can go. 0 when it stopped as
    asked, else its exit status (128 + the signal when a signal ended it, as a shell reports)."""
    # Datasette starts with SIGINT ignored: uvicorn still shuts down gracefully on a terminal's
    # Ctrl-C (it installs its own handler), but its closing re-raise of the signal is then
    # ignored instead of ending in a KeyboardInterrupt traceback. We stop it with SIGTERM, which
    # ends quietly.
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        process = subprocess.Popen(command, env=env)
    finally:
        signal.signal(signal.SIGINT, interrupt)
    stop_asked: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        stop_asked.append(signum)
        with suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
    stopping = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    previous = {signum: signal.signal(signum, forward) for signum in stopping}
    try:
        deadline = None
        while process.poll() is None:
            if stop_asked and deadline is None:
                deadline = time.monotonic() + SERVE_STOP_GRACE_S
            if deadline is not None and time.monotonic() > deadline:
                process.kill()
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.2)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if process.poll() is None:  # an exception of our own: never leave Datasette behind
            process.kill()
            process.wait()
    if stop_asked and process.returncode in (0, -signal.SIGTERM, -signal.SIGINT):
        return 0  # stopped as asked (uvicorn ends by the signal it was sent)
    return process.returncode if process.returncode >= 0 else 128 - process.returncode


def _check_database(db: str) -> None:
    """Stop with a one-line message (and Datasette's own status for it, 1) when the file is not
    a readable SQLite database, rather than Datasette's traceback."""
    import sqlite3

    try:
        connection = sqlite3.connect(f"file:{Path(db).resolve()}?mode=ro", uri=True)
        try:
            connection.execute("select count(*) from sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{db}: cannot serve it: {error}") from error


def _bring_up_to_date(db: str) -> list[str]:
    """The migrations a database made by an earlier version lacks, applied (their names): the
    pages' queries name the indexes they add ("indexed by"), and a crawl, which would add them,
    may not have run since the upgrade. A SQLite file that is no probono database (no migration
    recorded) is served as it is."""
    from sqlite_utils import Database

    from pipeline.store import MIGRATIONS
    from pipeline.store.connection import open_database

    reader = sqlite3.connect(f"file:{Path(db).resolve()}?mode=ro", uri=True)
    try:
        database = Database(reader)
        if not MIGRATIONS.applied(database):
            return []
        pending = [migration.name for migration in MIGRATIONS.pending(database)]
    finally:
        reader.close()
    if pending:
        try:
            open_database(db).close()
        except sqlite3.Error as error:
            raise click.ClickException(
                f"{db}: made by an earlier version and cannot be brought up to date: {error}"
            ) from error
    return pending


def _or_config_problem(function, *args):
    try:
        return function(*args)
    except ConfigError as error:
        raise ConfigProblem(str(error)) from error
