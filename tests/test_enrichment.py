"""Enrichment: tags and relevance, near copies found and folded into clusters."""

from __future__ import annotations

from pipeline.article import Article
from pipeline.copies.finder import CopyFinder
from pipeline.copies.thresholds import THRESHOLDS
from pipeline.enrich import add_tags, enrich
from pipeline.store import Store

STORY = ("Vingt salariés d'une banque régionale ont consacré une semaine de mécénat de "
         "compétences à trois associations d'insertion. Les comptables ont revu les budgets, les "
         "juristes ont relu les statuts et les informaticiens ont remis en état le parc "
         "d'ordinateurs. ")
FULL = STORY + ("Les associations disent avoir gagné des mois de travail. La banque prévoit de "
                "renouveler l'opération chaque printemps et d'ouvrir le programme aux retraités de "
                "l'entreprise. ") * 3


def article(article_id: str, text: str, source: str = "atelier", **fields) -> Article:
    fields = {"published": "2024-05-01T00:00:00+00:00", **fields}
    item = Article(url=f"https://x.example/{article_id}", source=source,
                   title="Une semaine solidaire",
                   text=text, fetched="2024-05-02T00:00:00+00:00", **fields)
    return enrich(item)


def test_tags_with_evidence_and_relevance():
    item = article("a", FULL)
    ids = {tag["id"] for tag in item.tags}
    assert {"skills-based-volunteering", "corporate-engagement"} <= ids
    tag = next(t for t in item.tags if t["id"] == "skills-based-volunteering")
    assert tag["evidence"] and 0 < tag["score"] <= 1
    assert item.relevance >= 0.5 and "mécénat de compétences" in item.relevance_reason
    assert not item.kept_aside


def test_a_general_mediums_article_off_the_subject_is_kept_aside_with_its_reason():
    off_topic = ("Le conseil municipal a voté le budget des travaux de voirie pour la rentrée. "
                 "Les rues "
                 "du centre seront refaites pendant l'été et la circulation sera déviée. ") * 3
    member = add_tags(article("m", off_topic), republisher=False)
    medium = add_tags(article("n", off_topic), republisher=True)
    assert not member.kept_aside
    assert medium.kept_aside and medium.relevance < 0.4
    assert medium.relevance_reason == "no pro bono term found"


def save(store: Store, item: Article) -> str:
    return store.save_article(item)


def test_edited_copy_and_teaser_join_the_members_original(store):
    finder = CopyFinder.from_store(store)
    copy = article("copy", "Cet article a d'abord été publié par Atelier Pro Bono. " + FULL,
                   source="red",
                   published="2024-05-04T00:00:00+00:00")
    original = article("orig", FULL)
    teaser = article("teaser", STORY + "Lire la suite sur le site.", source="red")
    for item in (copy, original, teaser):  # the copy arrives first: the original must still win
        save(store, finder.mark(item))
    name = {item.id: item.url.rsplit("/", 1)[1] for item in (copy, original, teaser)}
    rows = {name[r["id"]]: r
            for r in store.db.query("select id, duplicate_of, similarity from articles")}
    assert rows["orig"]["duplicate_of"] is None
    assert rows["copy"]["duplicate_of"] == original.id
    assert rows["copy"]["similarity"] >= THRESHOLDS.floor
    assert rows["teaser"]["duplicate_of"] == original.id
    assert rows["teaser"]["similarity"] >= THRESHOLDS.containment
    # The same articles again change nothing.
    before = store.db.execute("select * from articles order by id").fetchall()
    for item in (copy, original, teaser):
        assert save(store, finder.mark(item)) == "unchanged"
    assert store.db.execute("select * from articles order by id").fetchall() == before


def test_a_different_story_on_the_same_topic_stays_apart(store):
    finder = CopyFinder.from_store(store)
    other = ("Une agence de communication a offert trois jours de conseil à une épicerie "
             "solidaire : "
             "nouveau logo, site refait, plan de communication pour l'hiver. ") * 4
    for item in (article("one", FULL), article("two", other)):
        save(store, finder.mark(item))
    assert [r[0] for r in store.db.execute("select duplicate_of from articles")] == [None, None]
