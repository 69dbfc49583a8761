"""The schema, as the numbered migrations that built it: a database of any age is brought up to
date on opening (connection.open_database), each migration applied once, in order."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from pipeline.store.cjk_index import create_cjk_table, fill_cjk_index
from pipeline.store.views import STORY, create_views
from pipeline.urls import canonical_url

MIGRATIONS = Migrations("probono")
# The editorial statuses, in the order the review page offers them; the published ones are those
# the feed, the published query and the digest show (views.published_stories).
STATUSES = ("new", "approved", "featured", "rejected")
PUBLISHED_STATUSES = ("approved", "featured")
# What an editor may correct on a story (pipeline/store/corrections.py).
CORRECTED_FIELDS = ("title", "summary", "tags")


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    db.table("sources").create({
        "id": str, "name": str, "organisation": str, "country": str, "homepage": str,
        "languages": str, "kind": str, "enabled": int, "verified": int, "feeds": str,
        "listings": str, "notes": str,
    }, pk="id")
    db.table("articles").create({
        "id": str, "url": str, "canonical_url": str, "source_id": str, "title": str, "summary": str,
        "text": str, "content_html": str, "author": str, "image": str, "categories": str,
        "published": str, "updated": str, "fetched": str, "changed": str,
        "declared_language": str, "language": str, "language_probability": float,
        "language_method": str, "language_detail": str, "text_hash": str, "duplicate_of": str,
        "entry_id": str, "via": str, "status": str,
    }, pk="id", foreign_keys=[("source_id", "sources", "id"), ("duplicate_of", "articles", "id")],
        defaults={"status": "new"}, not_null={"status"})
    db.table("articles").create_index(["text_hash"])
    db.table("articles").create_index(["published"])
    db.table("articles").create_index(["source_id", "published"])
    db.table("articles").create_index(["duplicate_of"])
    # unicode61 with remove_diacritics 2 folds accents both ways: "benevolat" finds "bénévolat".
    db.table("articles").enable_fts(["title", "text"], create_triggers=True,
                              tokenize="unicode61 remove_diacritics 2")
    db.table("crawl_runs").create({
        "id": int, "started": str, "finished": str, "status": str, "exit_code": int,
        "sources": int, "new": int, "updated": int, "unchanged": int, "dropped": int, "errors": int,
    }, pk="id")
    db.table("crawl_run_sources").create({
        "run_id": int, "source_id": str, "spider": str, "started": str, "finished": str,
        "finish_reason": str, "requests": int, "responses": int, "new": int, "updated": int,
        "unchanged": int, "dropped": int, "errors": int, "last_error": str,
    }, pk=("run_id", "source_id", "spider"),
        foreign_keys=[("run_id", "crawl_runs", "id"), ("source_id", "sources", "id")])


@MIGRATIONS(name="0002_feed_state")
def _feed_state(db: Database) -> None:
    # Per feed URL: the validators for conditional GET and a hash of the last bytes processed.
    db.table("feed_state").create({
        "url": str, "source_id": str, "etag": str, "last_modified": str, "body_hash": str,
        "status": int, "checked": str, "changed": str, "entries": int, "malformed": str,
    }, pk="url", foreign_keys=[("source_id", "sources", "id")])
    db.table("articles").add_column("date_note", str)
    for column in ("feeds_not_modified", "feeds_unchanged", "feeds_malformed", "pages_fetched",
                   "pages_skipped"):
        db.table("crawl_run_sources").add_column(column, int, not_null_default=0)


@MIGRATIONS(name="0003_sitemaps")
def _sitemaps(db: Database) -> None:
    # Sources read through sitemaps, and the figures of the pages spider that reads them.
    db.table("sources").add_column("sitemaps", str)
    db.table("sources").add_column("sitemap_from_robots", int, not_null_default=0)
    db.table("sources").add_column("max_age_days", int)
    db.table("sources").add_column("include", str)
    db.table("sources").add_column("exclude", str)
    for column in ("sitemaps_read", "sitemap_entries", "sitemap_skipped_old", "urls_excluded"):
        db.table("crawl_run_sources").add_column(column, int, not_null_default=0)


@MIGRATIONS(name="0004_origin")
def _origin(db: Database) -> None:
    # "▷ Source : Y" lines: the outlet a piece says it first appeared in.
    db.table("articles").add_column("origin", str)


@MIGRATIONS(name="0005_pages")
def _pages(db: Database) -> None:
    # Each article page as fetched (decoded, gzip-compressed), so `probono reprocess` can re-run
    # extraction and enrichment on the archive without the network.
    db.table("pages").create({"url": str, "article_id": str, "source_id": str, "fetched": str,
                        "body": bytes}, pk="url",
                       foreign_keys=[("source_id", "sources", "id")])
    db.table("pages").create_index(["article_id"])


@MIGRATIONS(name="0006_health")
def _health(db: Database) -> None:
    # What `probono sources` needs to tell a source's health: a listing that found no link, a
    # feed that moved for good (301/308) and where to.
    db.table("crawl_run_sources").add_column("listings_empty", int, not_null_default=0)
    db.table("crawl_run_sources").add_column("duplicates", int, not_null_default=0)
    db.table("crawl_run_sources").add_column("dropped_reasons", str)
    db.table("crawl_run_sources").add_column("duration_s", float)
    db.table("feed_state").add_column("moved_to", str)


@MIGRATIONS(name="0007_near_duplicates")
def _near_duplicates(db: Database) -> None:
    db.table("articles").add_column("minhash", bytes)
    db.table("articles").add_column("lead_minhash", bytes)
    db.table("articles").add_column("similarity", float)  # to the article it was found a copy of


@MIGRATIONS(name="0008_tags")
def _tags(db: Database) -> None:
    # A JSON list of tag ids, for Datasette's array facets.
    db.table("articles").add_column("tags", str)
    db.table("articles").add_column("relevance", float)
    db.table("articles").add_column("relevance_reason", str)
    db.table("articles").add_column("kept_aside", int, not_null_default=0)
    # One row per tag of an article, with its score and the words that gave it.
    db.table("article_tags").create({"article_id": str, "tag": str, "kind": str, "score": float,
                               "evidence": str}, pk=("article_id", "tag"),
                              foreign_keys=[("article_id", "articles", "id")])
    db.table("article_tags").create_index(["tag", "score"])


@MIGRATIONS(name="0009_stage_cpu")
def _stage_cpu(db: Database) -> None:
    # CPU seconds per stage (extract, normalize, dedup, language, neardup, tags, store) in a run.
    db.table("crawl_run_sources").add_column("stage_cpu", str)


@MIGRATIONS(name="0010_editorial")
def _editorial(db: Database) -> None:
    # Who set an article's status and when (the status itself has been there from the start).
    db.table("articles").add_column("status_by", str)
    db.table("articles").add_column("status_at", str)
    db.table("articles").create_index(["status", "status_at"])
    db.table("articles").create_index(["fetched"])
    # The source's country on each article, for Datasette's facets.
    db.table("articles").add_column("country", str)
    db.execute("update articles set country = (select country from sources s"
               " where s.id = articles.source_id)")
    # The audit: every decision an editor made, with an optional note. Editors write here only
    # (a writable canned query inserts one row); the trigger below applies the decision to the
    # article, so the article and its audit cannot disagree. Anonymous users cannot read it.
    statuses = ", ".join(f"'{status}'" for status in STATUSES)
    db.execute(f"""
        create table editorial_decisions (
            id integer primary key,
            -- No foreign key: Datasette would show anonymous readers how many decisions an article
            -- had; the trigger below refuses an unknown article instead.
            article_id text not null,
            status text not null check (status in ({statuses})),
            previous_status text,
            editor text not null check (length(editor) > 0),
            note text,
            -- UTC, in the same ISO 8601 form as every other date of the database
            decided text not null default (strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
        )""")
    db.table("editorial_decisions").create_index(["article_id", "decided"])
    db.table("editorial_decisions").create_index(["decided"])
    db.execute("""
        create trigger editorial_decision_checks before insert on editorial_decisions
        when not exists (select 1 from articles where id = new.article_id)
        begin select raise(abort, 'no such article'); end""")
    db.execute("""
        create trigger editorial_decision_applies after insert on editorial_decisions
        begin
            update editorial_decisions set previous_status =
                (select status from articles where id = new.article_id) where id = new.id;
            update articles set status = new.status, status_by = new.editor,
                status_at = new.decided where id = new.article_id;
        end""")


@MIGRATIONS(name="0011_language_index")
def _language_index(db: Database) -> None:
    # Articles by language (the by_language query, and CJK words searched in CJK articles only).
    db.table("articles").create_index(["language", "published"])


@MIGRATIONS(name="0012_story_integrity")
def _story_integrity(db: Database) -> None:
    # 1 when the page's rel=canonical names the article's own URL: that copy is the original.
    db.table("articles").add_column("canonical_declared", int, not_null_default=0)
    # URLs as found were stored with their tracking parameters ("also at" showed utm_...).
    rows = db.execute("select id, url from articles where url like '%?%'").fetchall()
    for article_id, url in rows:
        if canonical_url(url) != url:
            db.execute("update articles set url = ? where id = ?", [canonical_url(url), article_id])


@MIGRATIONS(name="0013_fetch_backoff")
def _fetch_backoff(db: Database) -> None:
    # URLs that failed, left alone until next_try (pipeline/backoff.py); feeds not asked for again
    # before next_due; and the requests skipped on purpose, counted apart from errors.
    db.table("fetch_backoff").create({
        "url": str, "source_id": str, "reason": str, "failures": int, "last_failed": str,
        "next_try": str,
    }, pk="url", foreign_keys=[("source_id", "sources", "id")])
    db.table("fetch_backoff").create_index(["source_id"])
    db.table("feed_state").add_column("next_due", str)
    db.table("feed_state").add_column("refresh_s", int)  # the interval the feed itself declares
    for column in ("robots_disallowed", "backed_off", "feeds_not_due"):
        db.table("crawl_run_sources").add_column(column, int, not_null_default=0)


@MIGRATIONS(name="0014_text_cap")
def _text_cap(db: Database) -> None:
    # How a text longer than the stored cap was cut (pipeline/normalize.py); null when it was not.
    db.table("articles").add_column("text_note", str)


@MIGRATIONS(name="0015_not_articles")
def _not_articles(db: Database) -> None:
    # Pages fetched and then dropped as no article (a listing, a section root): not fetched again
    # for NOT_ARTICLE_DAYS (Store.seen_urls), by any source. Keyed on the identity URL.
    db.table("not_articles").create({"url": str, "source_id": str, "reason": str, "seen": str},
                              pk="url", foreign_keys=[("source_id", "sources", "id")])
    db.table("not_articles").create_index(["seen"])


@MIGRATIONS(name="0016_not_article_evidence")
def _not_article_evidence(db: Database) -> None:
    # What told a dropped page is no article: its URL ("url", for every spider) or its page's
    # markup ("page": listing links, JSON-LD; for the pages spider only, as a feed names its
    # items on purpose). The reasons the URL alone gives, as of this migration:
    db.table("not_articles").add_column("evidence", str)
    db.execute("update not_articles set evidence = case when reason in"
               " ('site-root', 'source-page', 'archive-url') then 'url' else 'page' end")


@MIGRATIONS(name="0017_refused")
def _refused(db: Database) -> None:
    # Links the network guard refused (spiders/netguard.py): counted per source, not failures.
    db.table("crawl_run_sources").add_column("refused", int, not_null_default=0)


@MIGRATIONS(name="0018_ways_in")
def _ways_in(db: Database) -> None:
    # The ways in the crawler found for homepage-only sources (pipeline/ways_in.py): what, how, when
    # found, when it last worked, and when and why it broke; the changes, for `probono sources`.
    db.table("ways_in").create({
        "source_id": str, "url": str, "kind": str, "how": str, "full_content": int,
        "entries": int, "newest": str, "found": str, "last_worked": str, "last_checked": str,
        "failures": int, "empty_runs": int, "status": str, "broken_at": str, "broken_reason": str,
    }, pk=("source_id", "url"), foreign_keys=[("source_id", "sources", "id")],
        defaults={"status": "active", "failures": 0, "empty_runs": 0}, not_null={"status"})
    db.table("way_changes").create({"id": int, "source_id": str, "at": str, "change": str}, pk="id",
                             foreign_keys=[("source_id", "sources", "id")])
    db.table("way_changes").create_index(["source_id", "at"])
    # A story stored by a first crawl's backfill, older than its source's backfill_days: kept as
    # archive (searchable), never queued for review; published only if an editor decides so.
    db.table("articles").add_column("archived", int, not_null_default=0)
    db.table("sources").add_column("backfill_days", int)
    for column in ("ways_broken", "discovery_requests"):
        db.table("crawl_run_sources").add_column(column, int, not_null_default=0)


@MIGRATIONS(name="0019_views")
def _views(db: Database) -> None:
    # The rules the canned queries, the digest and `probono sources` share, written once as views
    # (pipeline/store/views.py): what a story is, what is published, a story's copies, a
    # source's state. The source's runs are looked up by source for that last one; a story is
    # found by both its conditions in one index (kept_aside read from the index, not the row),
    # which also serves every lookup of copies by duplicate_of, as the old index did.
    db.table("crawl_run_sources").create_index(["source_id", "run_id"], if_not_exists=True)
    db.table("articles").create_index(["duplicate_of", "kept_aside"], if_not_exists=True)
    db.execute("drop index if exists idx_articles_duplicate_of")
    create_views(db, PUBLISHED_STATUSES)


@MIGRATIONS(name="0020_lsh_bands")
def _lsh_bands(db: Database) -> None:
    # The near-copy LSH index on disk (pipeline/store/lsh_bands.py), filled from the signatures
    # already stored: a crawl reads it per article instead of loading every signature.
    from pipeline.store.lsh_bands import create_band_tables, fill_bands  # imports connection

    create_band_tables(db)
    fill_bands(db)


@MIGRATIONS(name="0021_cjk_index")
def _cjk_index(db: Database) -> None:
    # Chinese, Japanese and Korean words found inside their sentences in every article through
    # an index of bigrams (pipeline/store/cjk_index.py), not a scan of the CJK articles.
    create_cjk_table(db)
    fill_cjk_index(db)


@MIGRATIONS(name="0022_review_index")
def _review_index(db: Database) -> None:
    # The review queue (status new, not archive, newest fetched first) read in its order from an
    # index and stopped at its limit, instead of every new story sorted: 0.9 s at 100k articles.
    db.table("articles").create_index(["status", "archived", "fetched", "published"],
                                      index_name="idx_articles_review", if_not_exists=True)


@MIGRATIONS(name="0023_published_order")
def _published_order(db: Database) -> None:
    # The feeds' selection read in its order from an index of the published stories alone
    # (pipeline/store/views.py): the Atom feed stops at its 100 entries instead of sorting every
    # published story (92 ms at 1M articles).
    create_views(db, PUBLISHED_STATUSES)


@MIGRATIONS(name="0024_country_index")
def _country_index(db: Database) -> None:
    # A country's stories newest first, for the reader site's country pages and feeds
    # (pipeline/publishing/reader_queries.py): read from an index and stopped at the page, as the
    # language and source pages are, instead of every story sorted.
    db.table("articles").create_index(["country", "published"], if_not_exists=True)


@MIGRATIONS(name="0025_url_keys")
def _url_keys(db: Database) -> None:
    # Each stored article's URLs as an index (pipeline/store/seen.py): a crawl asks it per link
    # instead of loading every stored URL into every spider (0.4 s a crawl at 1,000 articles).
    from pipeline.store.seen import create_url_keys_table, fill_url_keys  # imports connection

    create_url_keys_table(db)
    fill_url_keys(db)


@MIGRATIONS(name="0026_corrections")
def _corrections(db: Database) -> None:
    # A decision may take a story into the archive or out of it (a backlog archived in bulk,
    # undone per story): null leaves `archived` as it is. The trigger applies it with the status.
    db.execute("alter table editorial_decisions add column archived integer"
               " check (archived in (0, 1))")
    db.execute("drop trigger editorial_decision_applies")
    db.execute("""
        create trigger editorial_decision_applies after insert on editorial_decisions
        begin
            update editorial_decisions set previous_status =
                (select status from articles where id = new.article_id) where id = new.id;
            update articles set status = new.status, status_by = new.editor,
                status_at = new.decided, archived = coalesce(new.archived, archived)
                where id = new.article_id;
        end""")
    # Editors' corrections of a story's title, summary or tags (pipeline/store/corrections.py):
    # the article shows `after`; a re-crawl keeps it, and when the source's own value differs from
    # the one corrected (source_value) says so in source_changed (when) and source_now (what).
    fields = ", ".join(f"'{field}'" for field in CORRECTED_FIELDS)
    db.execute(f"""
        create table corrections (
            id integer primary key,
            article_id text not null,
            field text not null check (field in ({fields})),
            before text,
            after text,
            source_value text,
            source_changed text,
            source_now text,
            editor text not null check (length(editor) > 0),
            note text,
            at text not null default (strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
        )""")
    db.table("corrections").create_index(["article_id", "field", "id"])
    db.execute("""
        create trigger correction_checks before insert on corrections
        when not exists (select 1 from articles where id = new.article_id)
        begin select raise(abort, 'no such article'); end""")


@MIGRATIONS(name="0027_topic_indexes")
def _topic_indexes(db: Database) -> None:
    # A topic's stories found without reading their rows (pipeline/publishing/reader_queries.py,
    # the `search` query's topic= of data/metadata.yaml): its tagged ids from article_tags, then
    # from articles each one's date and what makes it a story readers see (the `stories` view's
    # columns, status). Read through the row instead, each costs its text's overflow pages:
    # page 91 of a topic on 2% of 100,000 articles took 560-660 ms, 3-9 ms with these.
    db.table("article_tags").create_index(["tag", "article_id"], if_not_exists=True)
    db.table("articles").create_index(["id", "published", "status", "duplicate_of", "kept_aside"],
                                      index_name="idx_articles_id_story", if_not_exists=True)


@MIGRATIONS(name="0028_queue_index")
def _queue_index(db: Database) -> None:
    # The review queue's stories alone (pipeline/publishing/review_queries.py, the backlog of
    # pipeline/store/decisions.py), with the columns its counts group by: idx_articles_review also
    # holds every copy and kept-aside article, and each row's story columns and language, source
    # were read from the row, after its text (overflow pages). At 5,000 waiting stories of 100k
    # articles the counts took 32-60 ms, 9-26 ms with it (docs/benchmarks.md). Its condition is
    # the `stories` view's (views.STORY), so SQLite may read any query of that view through it;
    # it picks it unasked (the project runs no ANALYZE; tests/test_store_views.py checks).
    story = STORY.replace("a.", "")
    db.execute("create index if not exists idx_articles_queue on articles"
               " (status, archived, fetched, published, language, source_id, id)"
               f" where {story}")


# The stories "What's new" may show (data/metadata.yaml's new_today): the `stories` view's
# condition (views.STORY), out of the archive. The query spells it with the alias `a`, as here.
WHATS_NEW_STORY = f"{STORY} and a.archived = 0"


@MIGRATIONS(name="0029_whats_new_indexes")
def _whats_new_indexes(db: Database) -> None:
    # What's new (the latest crawl's stories, newest published first, 500 shown) read from two
    # indexes of its stories alone, each holding both dates, never from the rows: by published
    # date it reads the first 500 new ones among the 10,000 newest and stops; by fetched date,
    # when those hold fewer, the crawl's stories alone, sorted. Before, every story's row was read
    # and sorted: 185-200 ms at 100k articles, over the 2 s limit at 1M; 10 and 17-22 ms with
    # these, every article new (docs/benchmarks.md). tests/test_whats_new_scale.py checks both.
    shown = WHATS_NEW_STORY.replace("a.", "")
    db.execute("create index if not exists idx_articles_stories_published on articles"
               f" (published, fetched) where {shown}")
    db.execute("create index if not exists idx_articles_stories_fetched on articles"
               f" (fetched, published) where {shown}")


@MIGRATIONS(name="0030_robots_files")
def _robots_files(db: Database) -> None:
    # Each origin's robots.txt as a crawl last fetched it (pipeline/store/robots_files.py): a
    # re-crawl reads it from here while it is young (PROBONO_ROBOTS_MAX_AGE, RFC 9309's 24 hours)
    # instead of asking every site again.
    from pipeline.store.robots_files import create_robots_files_table  # imports connection

    create_robots_files_table(db)


@MIGRATIONS(name="0031_listing_state")
def _listing_state(db: Database) -> None:
    # The validators (ETag, Last-Modified) of each listing's first page, as the last crawl that
    # left nothing to do got them (pipeline/crawl_report.py final_listing_states): a re-crawl asks
    # for the page conditionally and reads nothing more of a listing answered 304. (Keyed by URL
    # alone: 0032 replaces it.)
    db.execute("create table if not exists listing_state (url text primary key, source_id text,"
               " etag text, last_modified text, checked text)")
    if "listings_not_modified" not in db.table("crawl_run_sources").columns_dict:
        db.table("crawl_run_sources").add_column("listings_not_modified", int, not_null_default=0)


@MIGRATIONS(name="0032_listing_state_per_source")
def _listing_state_per_source(db: Database) -> None:
    # One row per source and listing: two sources may read one page with patterns of their own.
    # `fingerprint`: the listing's and the source's settings the validators were read with;
    # `read`: when the listing was last read whole. 0031's rows are dropped, not moved: they only
    # spared requests, and without a fingerprint none could be used (each listing is read whole
    # once more).
    db.execute("drop table if exists listing_state")
    db.execute("create table listing_state (source_id text not null, url text not null,"
               " fingerprint text, etag text, last_modified text, read text, checked text,"
               " primary key (source_id, url))")

