"""Two versions of one stored story (the same id found again): which is the richer, whose source
and URL the row keeps, and the row that merges them."""

from __future__ import annotations

from typing import Any

# How much of a story each way of reading it gives: a teaser kept because its page failed, a bare
# page, a feed's full text (with or without its page).
VIA_RANK = {"feed-teaser": 0, "page": 1, "feed": 2, "feed+page": 2}
# Who a story belongs to: a member's own piece is never handed to a medium or another kind.
KIND_RANK = {"member": 2, "network": 1, "archive": 1, "related": 1, "media": 0}
# Where and by whom a version was found: they move together, never one without the others.
IDENTITY_COLUMNS = ("url", "canonical_url", "source_id", "entry_id", "country")
# What a poorer version may still add to a richer one: the fields the richer one lacks.
FILLABLE_COLUMNS = ("title", "summary", "author", "image", "categories", "updated", "origin")


def is_blank(value: Any) -> bool:
    """No value: None, an empty string, an empty JSON list."""
    return value is None or value in ("", "[]")


def is_poorer(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """True when the new version of a stored story says less than the stored one: no text over a
    text, whatever the way in; else a teaser over a full text, a bare page over a feed's version."""
    old_blank, new_blank = is_blank(old.get("text")), is_blank(new.get("text"))
    if old_blank != new_blank:
        return new_blank
    return VIA_RANK.get(new.get("via") or "", 0) < VIA_RANK.get(old.get("via") or "", 0)


def takes_identity(old: dict[str, Any], new: dict[str, Any], old_kind: str, new_kind: str,
                   old_owns: bool = False, new_owns: bool = False) -> bool:
    """True when the new version's source (and URL) replace the stored ones: the source whose
    homepage is on the story's site (`*_owns`) over one whose is not, so a member's own article
    stays its own; else a member's over another kind's; between sources of one kind, a richer way
    in (a feed's version over a bare page), never a poorer version (no text over a text), so the
    result does not hang on which spider stored it first; on a tie, the first finder keeps it."""
    if old_owns != new_owns:
        return new_owns
    old_rank, new_rank = KIND_RANK.get(old_kind, 0), KIND_RANK.get(new_kind, 0)
    if old_rank != new_rank:
        return new_rank > old_rank
    if is_poorer(old, new):
        return False
    return VIA_RANK.get(new.get("via") or "", 0) > VIA_RANK.get(old.get("via") or "", 0)


def merge_versions(old: dict[str, Any], new: dict[str, Any], identity: bool) -> dict[str, Any]:
    """The row to store when a story already stored as `old` is found again as `new`: the richer
    version's fields, never a blank over a value; the identity columns from `new` only if told.

    Another source that does not take the story over only fills in what the stored version lacks.
    """
    other_source = not identity and old.get("source_id") != new.get("source_id")
    poorer = other_source or is_poorer(old, new)
    merged = {column: old.get(column) if poorer else value for column, value in new.items()}
    for column in FILLABLE_COLUMNS:
        mine, other = (old, new) if poorer else (new, old)
        merged[column] = other.get(column) if is_blank(mine.get(column)) else mine.get(column)
    if poorer and old.get("published") is None and new.get("published") is not None:
        merged["published"], merged["date_note"] = new.get("published"), new.get("date_note")
    if not poorer and new.get("published") is None and old.get("published") is not None:
        merged["published"], merged["date_note"] = old.get("published"), old.get("date_note")
    same_text = new.get("text") == old.get("text") or (
        new.get("text_hash") is not None and new.get("text_hash") == old.get("text_hash"))
    if not poorer and is_blank(new.get("content_html")) and same_text:
        merged["content_html"] = old.get("content_html")  # the same text with its HTML kept
    for column in IDENTITY_COLUMNS:
        take_new = identity and not is_blank(new.get(column))
        merged[column] = new.get(column) if take_new else old.get(column)
    return merged
