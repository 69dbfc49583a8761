"""Editors' decisions, and what they published on a day (for `probono digest`)."""

from __future__ import annotations

import json
from typing import Any

from pipeline.store.connection import Connection
from pipeline.store.migrations import PUBLISHED_STATUSES


class Editorial(Connection):
    """Editorial decisions and the digest's rows, over the store's connection."""

    def decide(self, article_id: str, status: str, editor: str, note: str | None = None) -> None:
        """Record an editor's decision (the same insert the review page's canned query makes)."""
        with self.transaction():
            self.db.execute("insert into editorial_decisions (article_id, status, editor, note)"
                            " values (?, ?, ?, ?)", [article_id, status, editor, note])

    def digest_rows(self, day: str, language: str | None = None) -> list[dict[str, Any]]:
        """The stories published (views.published_stories) on a UTC day, with their source's
        name, their best topic and their copies, for `probono digest`; and the copies published
        that day of a story published on an earlier day (which the view folds into that story,
        so no digest would show them), each with that story as its "also at"."""
        published = ", ".join(f"'{status}'" for status in PUBLISHED_STATUSES)
        topic = ("(select t.tag from article_tags t where t.article_id = a.id"
                 " and t.kind = 'topic' order by t.score desc, t.tag limit 1) as topic")
        columns = ("a.id, a.title, a.url, a.summary, a.text, a.published, a.language, a.status,"
                   " a.status_at, a.duplicate_of, coalesce(s.name, a.source_id) as source, "
                   + topic)
        rows = list(self.db.query(
            f"select * from (select {columns}, a.also_at_links as copies"
            " from published_stories a left join sources s on s.id = a.source_id"
            " where substr(a.status_at, 1, 10) = :day"
            " and (:language is null or a.language = :language)"
            f" union all select {columns},"
            " json_array(json_object('source', coalesce(os.name, o.source_id), 'url', o.url))"
            " from articles a join articles o on o.id = a.duplicate_of"
            " left join sources s on s.id = a.source_id"
            " left join sources os on os.id = o.source_id"
            f" where a.status in ({published}) and o.status in ({published})"
            " and substr(a.status_at, 1, 10) = :day and substr(o.status_at, 1, 10) < :day"
            " and (:language is null or a.language = :language))"
            " order by status = 'featured' desc, published desc, id",
            {"day": day, "language": language}))
        for row in rows:
            row["copies"] = json.loads(row["copies"] or "[]")
        return rows
