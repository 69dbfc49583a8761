"""What `probono sources verify` prints: a table (one line per source and a summary) or JSON.

Pure functions over pipeline.ways_in.Discovery, so that the output is tested without the network.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from pipeline.ways_in import Discovery, described

HEADERS = ("SOURCE", "WAYS IN", "ARTICLES", "NEWEST", "PROBLEMS")
GAP = "  "


def without_way_in(discoveries: Sequence[Discovery]) -> list[str]:
    """The ids of the sources for which no way in was found."""
    return [d.source_id for d in discoveries if not d.ways]


def verify_json(discoveries: Sequence[Discovery]) -> str:
    """A JSON list: one object per source, with its kept ways in and every candidate."""
    return json.dumps([asdict(d) for d in discoveries], ensure_ascii=False, indent=2)


def verify_table(discoveries: Sequence[Discovery]) -> str:
    """A table, one line per source: its ways in, articles seen, newest date, problems; then a
    summary line naming the sources left without a way in."""
    rows = [_row(d) for d in discoveries]
    widths = [max(len(row[i]) for row in [HEADERS, *rows]) for i in range(len(HEADERS) - 1)]
    lines = [_line(row, widths) for row in [HEADERS, *rows]]
    return "\n".join([*lines, verify_summary(discoveries)])


def verify_summary(discoveries: Sequence[Discovery]) -> str:
    """"3 sources: 2 with a way in, 1 without (carenews)"."""
    missing = without_way_in(discoveries)
    found = len(discoveries) - len(missing)
    noun = "source" if len(discoveries) == 1 else "sources"
    summary = f"{len(discoveries)} {noun}: {found} with a way in"
    return summary + (f", {len(missing)} without ({', '.join(missing)})" if missing else "")


def _row(discovery: Discovery) -> tuple[str, ...]:
    ways = "; ".join(described(way) for way in discovery.ways) or "none"
    return (discovery.source_id, ways, str(discovery.articles_seen),
            (discovery.newest or "-")[:10], "; ".join(discovery.problems) or "-")


def _line(row: Sequence[str], widths: Sequence[int]) -> str:
    """Left-aligned text columns, the articles count right-aligned; the last column unpadded."""
    cells = [cell.rjust(width) if i == 2 else cell.ljust(width)
             for i, (cell, width) in enumerate(zip(row, widths))]
    return GAP.join([*cells, row[-1]])
