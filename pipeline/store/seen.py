"""What a crawl need not fetch again: the stories stored, and the pages dropped lately as no
article (table not_articles)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pipeline.copies.original import owns_site
from pipeline.copies.versions import KIND_RANK
from pipeline.dates import utc_now_iso
from pipeline.pagekind import evidence_of
from pipeline.store.connection import Connection
from pipeline.urls import identity_url

# How long a page dropped as no article is left alone before it is fetched again.
NOT_ARTICLE_DAYS = 30


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
        a story a lesser kind holds (a member's page a medium stored) is not seen: read once
        more, it goes back to the member; unless it is on its holder's own site (a medium's own
        article), which the holder keeps (dedup.takes_identity)."""
        rank = KIND_RANK.get(kind, 0)
        seen: set[str] = set()
        for url, canonical, holder_kind, homepage in self.db.execute(
            "select a.url, a.canonical_url, s.kind, s.homepage from articles a"
            " join sources s on s.id = a.source_id"
            # A teaser kept because its page failed is not "seen": its page is tried again; nor
            # is a row without text (a summary-only item of another source): its page has it.
            " where a.via != 'feed-teaser' and coalesce(a.text, '') != ''"):
            if KIND_RANK.get(holder_kind, 0) >= rank or owns_site(homepage, canonical or url or ""):
                seen.update(identity_url(u) for u in (url, canonical) if u)
        return seen

    def urls_known_before(self, moment: str) -> set[str]:
        """The identity URLs of the articles and no-article pages stored before `moment` (a run's
        start): a found listing whose page shows only these is not followed further."""
        known: set[str] = set()
        for url, canonical in self.db.execute(
                "select url, canonical_url from articles where fetched < ?", [moment]):
            known.update(identity_url(u) for u in (url, canonical) if u)
        known.update(url for (url,) in self.db.execute(
            "select url from not_articles where seen < ?", [moment]))
        return known

    def not_article_urls(self, page_evidence: bool = True) -> set[str]:
        """The identity URLs of the pages dropped as no article in the last NOT_ARTICLE_DAYS;
        without `page_evidence`, only those their URL condemns (for a feed, which names its
        items on purpose, a page's listing links or JSON-LD do not count)."""
        since = datetime.now(UTC).replace(microsecond=0) - timedelta(days=NOT_ARTICLE_DAYS)
        evidence = ("url", "page") if page_evidence else ("url",)
        return {url for (url,) in self.db.execute(
            "select url from not_articles where seen >= ? and evidence in"
            f" ({', '.join('?' for _ in evidence)})", [since.isoformat(), *evidence])}

    def remember_not_article(self, url: str, source_id: str, reason: str) -> None:
        """Remember a fetched page dropped as no article, with what said so (its URL or its page),
        so that no spider the evidence counts for fetches it again soon."""
        with self.transaction():
            self.db.table("not_articles").upsert({"url": identity_url(url), "source_id": source_id,
                                            "reason": reason, "evidence": evidence_of(reason),
                                            "seen": utc_now_iso()}, pk="url")
