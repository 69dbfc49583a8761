"""The store stage opens the database at its first item: a spider that passes none (most of a
crawl with nothing new) never opens it, and the first item still knows the source's first crawl.

A real Scrapy crawler (its settings and stats) and a real SQLite file; the spider is only what the
stage reads of it, its source.
"""

from __future__ import annotations

from types import SimpleNamespace

from scrapy.utils.test import get_crawler

from pipeline.pipelines import StorePipeline
from pipeline.sources import parse_sources
from tests.test_sources import VALID
from tests.test_store import record

SOURCES = {source.id: source for source in parse_sources(VALID)}


def store_stage(db: str, source_id: str) -> StorePipeline:
    crawler = get_crawler(settings_dict={"PROBONO_DB": db})
    crawler.spider = SimpleNamespace(source=SOURCES[source_id])
    stage = StorePipeline.from_crawler(crawler)
    assert isinstance(stage, StorePipeline)
    stage.open_spider()
    return stage


def test_a_spider_that_passes_no_item_never_opens_the_database(tmp_path):
    db = tmp_path / "absent" / "probono.db"  # a folder that does not exist: opening would fail
    stage = store_stage(str(db), "atelier")
    stage.close_spider()
    assert not db.parent.exists()


def test_the_first_item_opens_it_and_an_undated_story_of_a_first_crawl_is_archived(store):
    # "red" had a story before this run: not its first crawl; "atelier" has none.
    store.save_article(record("old", source="red"))
    store.db.execute("update articles set fetched = '2020-01-01T00:00:00+00:00'")
    store.db.conn.commit()
    for source_id in ("atelier", "red"):
        stage = store_stage(str(store.path), source_id)
        stage.process_item(record(f"new-{source_id}", source=source_id, published=None))
        stage.process_item(record(f"new-{source_id}", source=source_id, published=None))
        stage.close_spider()
        assert stage.crawler.stats.get_value("probono/articles_new") == 1
        assert stage.crawler.stats.get_value("probono/articles_unchanged") == 1
    archived = dict(store.db.execute(
        "select source_id, archived from articles where id like 'new-%'"))
    assert archived == {"atelier": 1, "red": 0}
