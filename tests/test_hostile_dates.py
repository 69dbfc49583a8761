"""One bad date never costs a feed: dates out of range are "no date", the other items are stored."""

from __future__ import annotations

import sqlite3
import time
from datetime import date, datetime, timedelta, timezone

import pytest

from pipeline.dates import checked_date, to_utc_iso
from pipeline.sitemaps import lastmod_utc
from tests.conftest import BIN, run
from tests.feedserver import FeedServer

TEXT = "<p>" + "Un texte complet sur le bénévolat de compétences. " * 20 + "</p>"


@pytest.mark.parametrize("value", [
    "0001-01-01T00:00:00+05:00",   # year 0 once in UTC
    "0001-01-01T00:00:00Z",        # Go's zero time: a placeholder, not a date
    "9999-12-31T23:59:59-05:00",   # year 10000 once in UTC
    "0000-01-01", "2024-02-30", "2024-13-01", "24:00", "not a date", "   ", "9" * 40,
    time.struct_time((0, 12, 31, 19, 0, 0, 6, 366, 0)),  # feedparser's year 1, +05:00
    time.struct_time((10000, 1, 1, 4, 59, 59, 5, 1, 0)),  # ... and 9999-12-31T23:59:59-05:00
    time.struct_time((2024, 2, 30, 0, 0, 0, 0, 1, 0)),
    datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))),
    date(1, 1, 1), 12345, object(),
])
def test_hostile_dates_are_no_date_and_never_raise(value):
    assert to_utc_iso(value) is None
    assert checked_date(to_utc_iso(value), "2025-03-04T10:00:00+00:00") == (None, "no date")


@pytest.mark.parametrize("value, expected", [
    ("2024-06-11T09:30:00+02:00", "2024-06-11T07:30:00+00:00"),
    ("2024-06-11", "2024-06-11T00:00:00+00:00"),
    (time.struct_time((2024, 6, 11, 7, 30, 0, 1, 163, 0)), "2024-06-11T07:30:00+00:00"),
    ("9999-12-31T23:59:59+05:00", "9999-12-31T18:59:59+00:00"),  # representable: clamped later
])
def test_good_dates_still_convert(value, expected):
    assert to_utc_iso(value) == expected


def test_far_future_date_is_clamped_to_the_fetch_time_with_a_note():
    fetched = "2025-03-04T10:00:00+00:00"
    kept, note = checked_date(to_utc_iso("9999-12-31T23:59:59+05:00"), fetched)
    assert kept == fetched and note.startswith("future date 9999-12-31")


@pytest.mark.parametrize("value",
                         ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "0000"])
def test_hostile_sitemap_lastmod_is_no_date(value):
    assert lastmod_utc(value) is None


def atom(entries: list[tuple[str, str]]) -> bytes:
    """An Atom feed whose entries carry full text and the given <updated> values."""
    body = "".join(
        f"<entry><title>Article {slug}</title><link href='http://dates.test/a/{slug}'/>"
        f"<id>urn:dates:{slug}</id><updated>{updated}</updated>"
        f"<content type='html'><![CDATA[{TEXT}<p>{slug}</p><p>2</p><p>3</p>]]></content></entry>"
        for slug, updated in entries)
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Dates</title><id>urn:dates</id><updated>2025-03-04T10:00:00Z</updated>"
            f"{body}</feed>").encode()


@pytest.fixture
def dates_site():
    """A feed with two hostile dates among good ones, served on 127.0.0.1."""
    body = atom([("good-1", "2025-03-01T10:00:00Z"), ("year-one", "0001-01-01T00:00:00+05:00"),
                 ("year-9999", "9999-12-31T23:59:59-05:00"),
                 ("good-2", "2025-03-02T10:00:00+01:00")])
    with FeedServer({"/feed.xml": body}) as server:
        yield server.origin


def test_a_feed_with_bad_dates_keeps_its_good_items(dates_site, tmp_path):
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("sources:\n  - id: dates\n    name: Dates\n    organisation: Test\n"
                     "    country: FR\n    homepage: http://dates.test/\n    languages: [fr]\n"
                     "    feeds: [http://dates.test/feed.xml]\n", encoding="utf-8")
    db = tmp_path / "dates.db"
    result = run([str(BIN / "probono"), "crawl", "--db", str(db), "--feeds", str(feeds)],
                 env_extra={"PROBONO_LOOPBACK_PROXY": dates_site,
                            "PROBONO_ALLOW_ORIGINS": dates_site,
                            "PROBONO_DOWNLOAD_DELAY": "0", "PROBONO_RETRY_TIMES": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    connection = sqlite3.connect(db)
    try:
        rows = dict(connection.execute(
            "select url, coalesce(published, '') || '|' || coalesce(date_note, '') from articles"))
    finally:
        connection.close()
    assert rows == {
        "http://dates.test/a/good-1": "2025-03-01T10:00:00+00:00|",
        "http://dates.test/a/year-one": "|no date",
        "http://dates.test/a/year-9999": "|no date",
        "http://dates.test/a/good-2": "2025-03-02T09:00:00+00:00|",
    }
