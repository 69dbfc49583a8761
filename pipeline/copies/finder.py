"""CopyFinder: the stored article a new one is a near copy of, by the same code in the crawl,
in `probono reprocess`, in the tests and in the threshold benchmark.

Two paths, both against the articles indexed so far:
- whole text: LSH candidates whose estimated similarity reaches THRESHOLDS.floor, closest first;
- opening: candidates of the lead index at THRESHOLDS.lead_floor, confirmed when the shorter text
  is cut from the longer (containment at THRESHOLDS.containment): teasers and excerpts.

    finder = CopyFinder.from_store(store)   # or shared_finder(db, Store) in a crawl
    article = finder.mark(article)          # near_copy_of and similarity set, article indexed
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from pipeline.article import Article
from pipeline.copies.index import LshIndex, SignatureIndex
from pipeline.copies.signatures import both_signatures, excerpt_containment, similarity
from pipeline.copies.thresholds import THRESHOLDS, Thresholds

Row = tuple[str, "bytes | None", "bytes | None"]  # id, whole-text signature, lead signature


class StoredArticles(Protocol):
    """What a finder reads from the store: its stored indexes, the thresholds their keys were cut
    for, a text by id."""

    thresholds: Thresholds

    def signature_index(self, kind: str) -> SignatureIndex: ...

    def article_text(self, article_id: str) -> str: ...


@dataclass(frozen=True)
class Match:
    """A stored article found to be the same story."""

    article_id: str
    score: float  # whole-text similarity, or containment of the shorter text in the longer
    path: str  # "whole" or "lead"


def add_signatures(item: Article) -> Article:
    """The near-copy signatures of the whole text and of its opening."""
    item.minhash, item.lead_minhash = both_signatures(item.text, item.language)
    return item


def closest(index: SignatureIndex, sig: bytes, floor: float,
            itself: frozenset[str] = frozenset()) -> list[tuple[str, float]]:
    """The index's candidates for `sig` at the floor or above, the closest first."""
    scored = [(i, similarity(sig, other)) for i, other in index.candidates(sig) if i not in itself]
    return sorted(((i, s) for i, s in scored if s >= floor), key=lambda p: (-p[1], p[0]))


class CopyFinder:
    """The stored articles' signatures in a whole-text and a lead index, kept up to date."""

    def __init__(self, whole: SignatureIndex, leads: SignatureIndex,
                 text_of: Callable[[str], str], thresholds: Thresholds = THRESHOLDS) -> None:
        self.thresholds = thresholds
        self.whole = whole
        self.leads = leads
        self.text_of = text_of

    @classmethod
    def from_store(cls, store: StoredArticles) -> CopyFinder:
        """The production finder: the store's indexes, read per article, so its start-up and
        memory do not grow with the archive; the store indexes an article as it saves it."""
        return cls(store.signature_index("whole"), store.signature_index("lead"),
                   store.article_text, store.thresholds)

    @classmethod
    def in_memory(cls, rows: Iterable[Row], text_of: Callable[[str], str],
                  thresholds: Thresholds = THRESHOLDS) -> CopyFinder:
        """A finder over signatures held in memory (datasketch), indexed as they are marked."""
        finder = cls(LshIndex(thresholds.lsh), LshIndex(thresholds.lead_lsh), text_of, thresholds)
        for article_id, whole, lead in rows:
            finder.index(article_id, whole, lead)
        return finder

    def matches(self, text: str, language: str | None, sig: bytes | None, lead: bytes | None,
                itself: frozenset[str] = frozenset()) -> Iterator[Match]:
        """Every indexed article the text is a copy of: whole-text copies first, then the texts
        one of the two is cut from. Lazy: a text is read from the store only when asked for."""
        limits = self.thresholds
        if sig:
            for article_id, score in closest(self.whole, sig, limits.floor, itself):
                yield Match(article_id, score, "whole")
        if lead:
            for article_id, _ in closest(self.leads, lead, limits.lead_floor, itself):
                share = excerpt_containment(text, self.text_of(article_id), language)
                if share >= limits.containment:
                    yield Match(article_id, round(share, 3), "lead")

    def index(self, article_id: str, sig: bytes | None, lead: bytes | None,
              replaces: str | None = None) -> None:
        """Index an article, so the next ones are compared with it too; no signature, no entry."""
        for index, value in ((self.whole, sig), (self.leads, lead)):
            if replaces and replaces != article_id:
                index.remove(replaces)  # the row is re-keyed to its canonical id when stored
            if value:
                index.add(article_id, value)
            else:
                index.remove(article_id)

    def mark(self, item: Article) -> Article:
        """The article with its signatures and the stored story it copies (near_copy_of and
        similarity; the store folds the cluster), then indexed."""
        item = add_signatures(item)
        itself = frozenset({item.id, item.url_id})  # its canonical id, or the one first stored
        match = next(self.matches(item.text, item.language, item.minhash, item.lead_minhash,
                                  itself), None)
        item.near_copy_of = match.article_id if match else None
        item.similarity = round(match.score, 3) if match else None
        self.index(item.id, item.minhash, item.lead_minhash, replaces=item.url_id)
        return item


# One finder per database for the whole process: every spider of a crawl shares it and its
# connection, which sees each article the others store as soon as it is committed.
_SHARED: dict[str, CopyFinder] = {}


def shared_finder(db: str, open_store: Callable[[str], StoredArticles]) -> CopyFinder:
    """The process's finder for a database, built from `open_store(db)` the first time."""
    if db not in _SHARED:
        # Its own connection, open for the whole process: spiders close at different times.
        _SHARED[db] = CopyFinder.from_store(open_store(db))
    return _SHARED[db]
