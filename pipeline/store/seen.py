"""What a crawl need not fetch again: the stories stored, and the pages dropped lately as no
article (table not_articles).

A spider asks one URL at a time (is_stored, is_not_article, known_before) through the url_keys
index: each spelling an article is known by (its URL and canonical URL, as identity URLs), kept
in step with the article by the upsert code in the transaction that stores it. Loading every
stored URL into each spider instead cost a share of the archive per source and per crawl. An
article written outside the store is indexed by `fill_url_keys` (the migration that built the
index calls it). The whole sets (seen_urls, stored_urls...) stay, for reports and tests: the
same rules, from the same clauses.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from pipeline.copies.original import owns_site
from pipeline.copies.versions import KIND_RANK
from pipeline.dates import utc_now_iso
from pipeline.pagekind import evidence_of
from pipeline.store.connection import Connection
from pipeline.urls import identity_url

# How long a page dropped as no article is left alone before it is fetched again.
NOT_ARTICLE_DAYS = 30
URL_KEYS = "url_keys"
FILL_BATCH = 2_000  # articles read per statement when the index is built for a whole archive
BATCH_SIZE = 500  # identity URLs asked per statement (SQLite allows 32,766 parameters)
# A teaser kept because its page failed is not "seen": its page is tried again; nor is a row
# without text (a summary-only item of another source): its page has it.
STORED = "a.via != 'feed-teaser' and coalesce(a.text, '') != ''"
STORED_ROWS = ("select a.url, a.canonical_url, s.kind, s.homepage from articles a"
               " join sources s on s.id = a.source_id")


def create_url_keys_table(db: Database) -> None:
    # Without rowid: the key and the article are the whole row, read from the primary key.
    db.execute(f"create table if not exists {URL_KEYS} (key text not null,"
               " article_id text not null, primary key (key, article_id)) without rowid")
    db.execute(f"create index if not exists idx_{URL_KEYS}_article on {URL_KEYS} (article_id)")


def url_keys(url: str | None, canonical: str | None) -> set[str]:
    """The identity URLs (see pipeline/urls.py) an article is known by: as found and canonical."""
    return {identity_url(u) for u in (url, canonical) if u}


def fill_url_keys(db: Database, after_rowid: int = 0) -> int:
    """Index every article past `after_rowid`, in batches (memory stays that of one batch at any
    archive size); returns how many articles were read."""
    read = 0
    while True:
        rows = db.execute("select rowid, id, url, canonical_url from articles where rowid > ?"
                          " order by rowid limit ?", [after_rowid, FILL_BATCH]).fetchall()
        if not rows:
            return read
        db.conn.executemany(f"insert or ignore into {URL_KEYS} (key, article_id) values (?, ?)",
                            [(key, article_id) for _, article_id, url, canonical in rows
                             for key in url_keys(url, canonical)])
        read += len(rows)
        after_rowid = rows[-1][0]


def seen_by(rank: int, holder_kind: str | None, homepage: str | None, url: str | None,
            canonical: str | None) -> bool:
    """True when a spider of a source of kind rank `rank` does not fetch a stored story again:
    a lesser kind holds it (a member's page a medium stored), unless it is on its holder's own
    site (a medium's own article), which the holder keeps (dedup.takes_identity)."""
    return KIND_RANK.get(holder_kind or "", 0) >= rank or owns_site(homepage,
                                                                    canonical or url or "")


def not_article_since() -> str:
    """The moment before which a page dropped as no article is fetched again."""
    since = datetime.now(UTC).replace(microsecond=0) - timedelta(days=NOT_ARTICLE_DAYS)
    return since.isoformat()


def _evidence(page_evidence: bool) -> tuple[str, ...]:
    """What may have condemned a page: without `page_evidence`, only its URL (for a feed, which
    names its items on purpose, a page's listing links or JSON-LD do not count)."""
    return ("url", "page") if page_evidence else ("url",)


def _batches(values: list[str]) -> Iterator[list[str]]:
    """The values in lists of at most BATCH_SIZE: SQLite takes a bounded number of parameters."""
    for start in range(0, len(values), BATCH_SIZE):
        yield values[start:start + BATCH_SIZE]


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


class UrlKeys:
    """Keeps an article's rows of url_keys in step with its URL and canonical URL."""

    db: Database

    def _index_urls(self, article_id: str) -> None:
        """(Re)index the stored article's URLs; called in its write transaction."""
        row = self.db.execute("select url, canonical_url from articles where id = ?",
                              [article_id]).fetchone()
        self.db.execute(f"delete from {URL_KEYS} where article_id = ?", [article_id])
        if row is not None:
            self.db.conn.executemany(f"insert into {URL_KEYS} (key, article_id) values (?, ?)",
                                     [(key, article_id) for key in url_keys(*row)])

    def _move_url_keys(self, old_id: str, new_id: str) -> None:
        """An article re-keyed to its canonical id: its URLs follow it."""
        self.db.execute(f"update or replace {URL_KEYS} set article_id = ? where article_id = ?",
                        [new_id, old_id])


class SeenPages(Connection):
    """The URLs known to the database, for the spiders to skip."""

    def seen_urls(self, kind: str = "media", page_evidence: bool = True) -> set[str]:
        """The URLs a spider of a source of `kind` does not fetch: the stories stored (see
        stored_urls) and the pages dropped lately as no article (see not_article_urls)."""
        return self.stored_urls(kind) | self.not_article_urls(page_evidence)

    def stored_urls(self, kind: str = "media") -> set[str]:
        """The identity URLs (see pipeline/urls.py) of the articles already stored, by any source,
        as found and as canonical: a page reached at another spelling (www., AMP...) or linked
        from another source's feed is known too, and never fetched again. For a source of `kind`,
        a story a lesser kind holds is not seen (see seen_by)."""
        rank = KIND_RANK.get(kind, 0)
        seen: set[str] = set()
        for url, canonical, holder_kind, homepage in self.db.execute(
                f"{STORED_ROWS} where {STORED}"):
            if seen_by(rank, holder_kind, homepage, url, canonical):
                seen.update(url_keys(url, canonical))
        return seen

    def is_stored(self, identity: str, kind: str = "media") -> bool:
        """True when the identity URL is in stored_urls(kind): a few lookups in the url_keys
        index, whatever the archive's size."""
        return identity in self.stored_among([identity], kind)

    def stored_among(self, identities: list[str], kind: str = "media") -> set[str]:
        """Those of the identity URLs is_stored(kind) says yes to, asked in a few statements."""
        rank = KIND_RANK.get(kind, 0)
        found: set[str] = set()
        for batch in _batches(identities):
            for key, url, canonical, holder_kind, homepage in self.db.execute(
                    "select k.key, a.url, a.canonical_url, s.kind, s.homepage from articles a"
                    f" join sources s on s.id = a.source_id join {URL_KEYS} k"
                    f" on k.article_id = a.id where k.key in ({_marks(batch)}) and {STORED}",
                    batch):
                if key not in found and seen_by(rank, holder_kind, homepage, url, canonical):
                    found.add(key)
        return found

    def urls_known_before(self, moment: str) -> set[str]:
        """The identity URLs of the articles and no-article pages stored before `moment` (a run's
        start): a found listing whose page shows only these is not followed further."""
        known: set[str] = set()
        for url, canonical in self.db.execute(
                "select url, canonical_url from articles where fetched < ?", [moment]):
            known.update(url_keys(url, canonical))
        known.update(url for (url,) in self.db.execute(
            "select url from not_articles where seen < ?", [moment]))
        return known

    def known_before(self, identity: str, moment: str) -> bool:
        """True when the identity URL is in urls_known_before(moment), asked through indexes."""
        return bool(self.db.execute(
            f"select 1 from {URL_KEYS} k join articles a on a.id = k.article_id"
            " where k.key = ? and a.fetched < ?"
            " union all select 1 from not_articles where url = ? and seen < ? limit 1",
            [identity, moment, identity, moment]).fetchall())

    def not_article_urls(self, page_evidence: bool = True) -> set[str]:
        """The identity URLs of the pages dropped as no article in the last NOT_ARTICLE_DAYS;
        without `page_evidence`, only those their URL condemns (see _evidence)."""
        evidence = _evidence(page_evidence)
        return {url for (url,) in self.db.execute(
            "select url from not_articles where seen >= ? and evidence in"
            f" ({', '.join('?' for _ in evidence)})", [not_article_since(), *evidence])}

    def is_not_article(self, identity: str, page_evidence: bool = True,
                       since: str | None = None) -> bool:
        """True when the identity URL is in not_article_urls(page_evidence) (`since`: the cutoff
        of not_article_since, reckoned once by the caller)."""
        return identity in self.not_articles_among([identity], page_evidence, since)

    def not_articles_among(self, identities: list[str], page_evidence: bool = True,
                           since: str | None = None) -> set[str]:
        """Those of the identity URLs is_not_article says yes to, asked in a few statements."""
        evidence = _evidence(page_evidence)
        found: set[str] = set()
        for batch in _batches(identities):
            found.update(url for (url,) in self.db.execute(
                f"select url from not_articles where url in ({_marks(batch)}) and seen >= ?"
                f" and evidence in ({_marks(evidence)})",
                [*batch, since or not_article_since(), *evidence]))
        return found

    def remember_not_article(self, url: str, source_id: str, reason: str) -> None:
        """Remember a fetched page dropped as no article, with what said so (its URL or its page),
        so that no spider the evidence counts for fetches it again soon."""
        with self.transaction():
            self.db.table("not_articles").upsert({"url": identity_url(url), "source_id": source_id,
                                            "reason": reason, "evidence": evidence_of(reason),
                                            "seen": utc_now_iso()}, pk="url")
