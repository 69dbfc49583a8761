"""benchmarks/extraction_quality.py: issue 14's figures read from the eval's own score.py, both
folds, beside trafilatura alone. End to end on a small eval set of our own pages laid out as
../shared/eval lays its sets out, scored by the real score.py (skipped without ../shared); the
reading of its lines and the "holds" rule on their own."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED

SCORE_PY = SHARED / "eval" / "score.py"


def _benchmark():
    spec = importlib.util.spec_from_file_location("extraction_quality",
                                                  ROOT / "benchmarks/extraction_quality.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


QUALITY = _benchmark()
FIGURE = {figure.name: figure for figure in QUALITY.FIGURES}


def _fold(url: str) -> int:
    return (int(hashlib.sha1(url.encode()).hexdigest(), 16) >> 1) % 2  # as score.py splits


def _page(title: str, author: str, day: str, body: str) -> bytes:
    html = (f"<html lang='en'><head><title>{title}</title>"
            f"<meta property='article:published_time' content='{day}T09:00:00+00:00'>"
            f"<meta name='author' content='{author}'></head><body><main><article>"
            f"<h1>{title}</h1><p class='byline'>By {author}</p>{body}</article></main>"
            "<footer><p>Contact the volunteer desk</p></footer></body></html>")
    return gzip.compress(html.encode())


def _eval_set(root: Path, pages: int = 8) -> None:
    """A copy of score.py beside three sets (zyte, trafilatura, dates) of our own pages, each
    with its truth, enough of them for both folds."""
    shutil.copy(SCORE_PY, root / "score.py")
    sets = {name: root / name for name in ("extraction/zyte", "extraction/trafilatura",
                                           "dates/htmldate")}
    for folder in sets.values():
        (folder / "pages").mkdir(parents=True)
    zyte, trafilatura, dates = {}, {}, {}
    for index in range(pages):
        # Pages of both folds in every set and truth file: the even ones in fold 0.
        url = next(url for k in range(100)
                   if _fold(url := f"https://skills-volunteers.example/news/{index}-{k}")
                   == index % 2)
        title = f"Accountants volunteer for food bank number {index}"
        author = ["Ana Ruiz", "Tom Berg", "Mia Holm", "Leo Vidal"][index % 4]
        day = f"2024-03-{index + 1:02d}"
        sentences = [f"Volunteer accountants helped food bank {index} close its books.",
                     "Each volunteer stays with one organisation for six months.",
                     "The programme now looks for designers and translators as well."]
        paragraphs = [f"{sentence} It is the work of skilled people giving time."
                      for sentence in sentences]
        body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        data = _page(title, author, day, body)
        (sets["extraction/zyte"] / "pages" / f"p{index}.html.gz").write_bytes(data)
        zyte[f"p{index}"] = {"url": url, "articleBody": "\n".join(paragraphs)}
        (sets["extraction/trafilatura"] / "pages" / f"p{index}.html.gz").write_bytes(data)
        trafilatura[url] = {"file": f"p{index}.html.gz", "with": sentences[:2],
                            "without": ["Contact the volunteer desk"], "title": title,
                            "author": author, "date": day}
        (sets["dates/htmldate"] / "pages" / f"p{index}.html.gz").write_bytes(data)
        dates[url] = {"file": f"p{index}.html.gz", "date": day}
    (sets["extraction/zyte"] / "truth.json").write_text(json.dumps(zyte))
    (sets["extraction/trafilatura"] / "truth.json").write_text(json.dumps(trafilatura))
    items = list(dates.items())
    (sets["dates/htmldate"] / "truth_default.json").write_text(json.dumps(dict(items[:4])))
    (sets["dates/htmldate"] / "truth_mediacloud_2020.json").write_text(
        json.dumps(dict(items[4:])))


@pytest.mark.skipif(not SCORE_PY.is_file(), reason="../shared/eval is not beside this clone")
def test_prints_every_figure_for_both_folds_beside_trafilatura(tmp_path):
    _eval_set(tmp_path)
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks/extraction_quality.py"),
                           "--eval", str(tmp_path)], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    rows = {line[:20].strip(): line[20:].split() for line in done.stdout.splitlines()[1:]}
    assert set(rows) == set(FIGURE)
    # Our pages state their title, author and day plainly: probono reads every one right.
    for name in ("dates F", "exact titles", "exact authors", "exact dates"):
        assert rows[name][:3] == ["1.000", "/", "1.000"], (name, done.stdout)
    assert rows["dates F"][6:8] == ["0.975", "yes"]
    assert rows["exact authors"][6:8] == ["0.700", "yes"]
    # The gap between folds, and the chance gap of a share of pages all right (none by chance);
    # none for a mean over pages.
    assert rows["exact titles"][8:] == ["0.000", "0.000"]
    assert rows["zyte F1"][:3] == ["1.000", "/", "1.000"], done.stdout
    assert len(rows["zyte F1"]) == 9 and rows["zyte F1"][6:8] == ["0.970", "yes"]


def test_a_missing_score_py_is_one_line_naming_the_folder(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks/extraction_quality.py"),
                           "--eval", str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1
    assert done.stderr.strip() == (f"extraction_quality: no score.py in {tmp_path} "
                                   "(is ../shared beside the project?)")


def test_reads_each_figure_from_score_py_lines():
    extraction = ("  title: 198/218 exact (0.908)\n  author: 114/145 exact (0.786)\n"
                  "  date: 197/218 exact (0.904)\n"
                  "trafilatura-set: F 0.955 (precision 0.957, recall 0.953, accuracy 0.950) "
                  "on 250 pages\n  worst page F1 0.120  https://a.example/x\n"
                  "zyte: F1 0.972 (precision 0.970, recall 0.974) on 90 pages\n")
    dates = ("dates: F 0.972 (precision 0.953, recall 0.992; right 242, wrong 12, missed 2, "
             "rightly none 0)\n")
    assert QUALITY.read(FIGURE["exact titles"], extraction)["value"] == "0.908"
    assert QUALITY.read(FIGURE["exact authors"], extraction)["right"] == "114"
    assert QUALITY.read(FIGURE["exact dates"], extraction)["total"] == "218"
    assert QUALITY.read(FIGURE["trafilatura-set F"], extraction)["value"] == "0.955"
    assert QUALITY.read(FIGURE["zyte F1"], extraction)["value"] == "0.972"
    assert QUALITY.read(FIGURE["dates F"], dates)["missed"] == "2"
    with pytest.raises(SystemExit, match="no 'zyte F1' line"):
        QUALITY.read(FIGURE["zyte F1"], dates)


@pytest.mark.parametrize(("values", "aim", "expected"), [
    ([0.980, 0.976], 0.975, "yes"),
    ([0.975, 0.990], 0.975, "yes"),
    ([0.972, 0.976], 0.975, "±0.005"),
    ([0.970, 0.976], 0.975, "±0.005"),  # exactly at the tolerance's edge
    ([0.969, 0.990], 0.975, "no"),
    ([0.5, 0.5], None, ""),
])
def test_holds_on_both_folds_or_within_the_tolerance(values, aim, expected):
    assert QUALITY.holds(values, aim) == expected


def test_chance_gap_of_two_halves():
    lines = ["  title: 198/218 exact (0.908)", "  title: 172/196 exact (0.878)"]
    folds = [QUALITY.read(FIGURE["exact titles"], line) for line in lines]
    # pooled rate 370/414: 1.96 * sqrt(p (1 - p) (1/218 + 1/196))
    assert QUALITY.chance_gap(folds) == pytest.approx(0.0594, abs=0.0005)
    zyte = [QUALITY.read(FIGURE["zyte F1"], "zyte: F1 0.972 (precision 0.9, recall 0.9)")] * 2
    assert QUALITY.chance_gap(zyte) is None  # a mean over pages: no share to reason on
