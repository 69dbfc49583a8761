"""What a crawl keeps in memory (docs/benchmarks.md, "Peak memory of a first crawl"): the language
detector only the matrix of the network's languages, the store stages of a process's spiders one
database connection (SQLite's page cache is per connection), with the full flush of each commit.

The real py3langid model; real SQLite files and Scrapy crawlers.
"""

from __future__ import annotations

import sqlite3

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from pipeline.crawl_bookkeeping import STORES
from pipeline.language import detector, network_languages
from pipeline.pipelines import ARTICLE_STORES
from tests.test_language import TEXTS
from tests.test_store import record
from tests.test_store_stage import store_stage


def test_the_detector_keeps_only_the_matrix_of_the_networks_languages():
    identifier = detector()
    # py3langid's own name for the model it restricts from: an upgrade that renames it fails
    # here (pipeline/language.py would then keep the full 97-language matrix, 27 MB, again).
    kept_matrix, kept_priors, kept_labels = identifier._full_model
    codes = network_languages().codes
    assert kept_matrix is identifier.nb_ptc
    assert set(kept_labels) == set(codes)  # a column per label (a script alias may add one)
    assert kept_matrix.shape[1] == len(kept_labels) == len(kept_priors)


def test_the_detector_answers_as_py3langid_restricted_to_the_network():
    full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    full.set_languages(list(network_languages().codes))
    for text in TEXTS.values():
        assert detector().rank(text) == full.rank(text)


def test_the_store_stages_of_a_process_share_one_connection_until_the_last_closes(store):
    path = str(store.path)
    first, second = store_stage(path, "atelier"), store_stage(path, "red")
    first.process_item(record("one", source="atelier"))
    second.process_item(record("two", source="red"))
    shared = first.store
    assert second.store is shared
    assert shared.db.execute("pragma synchronous").fetchone() == (2,)  # FULL: each commit flushed
    bookkeeping = STORES.take(path)
    try:  # the bookkeeping's own connection flushes less (NORMAL), and stays its own
        assert bookkeeping is not shared
        assert bookkeeping.db.execute("pragma synchronous").fetchone() == (1,)
    finally:
        STORES.give_back(path)
    first.close_spider()
    assert shared.db.execute("select count(*) from articles where id in ('one', 'two')"
                             ).fetchone() == (2,)  # still open for the other spider
    second.close_spider()
    assert path not in ARTICLE_STORES.open
    with pytest.raises(sqlite3.ProgrammingError):  # closed with the last spider
        shared.db.execute("select 1")
