#!/usr/bin/env python3
"""Language detectors compared on our labelled texts: accuracy, speed, memory. Prints tables,
asserts nothing.

    .venv/bin/python benchmarks/language_benchmark.py [--repeat 3] [--no-memory]

Labelled sets (written by us): tests/fixtures/labelled/short_texts.yaml (titles, teasers, menu
items: 2-10 words) and sentences.yaml (an article's opening lines). Candidates:

  langdetect          as pipeline/language.py used it until now: seeded, 55 languages
  langdetect-network  the same, loaded with the profiles of the network's languages only
  py3langid-network   langid.py's model, set_languages(the network's languages)
  lingua-high         lingua, from_languages(the network's), high accuracy mode (the default)
  lingua-low          the same, low accuracy mode (trigrams only: smaller, faster)
  lingua-all          lingua knowing all its 75 languages (what the restriction is worth)
  pipeline            pipeline/language.py as wired: py3langid-network, chosen on these figures

lingua's accuracy does not depend on preloading; its speed and memory do, so both are measured.
langdetect and lingua are not dependencies of the project: `.venv/bin/pip install langdetect
lingua-language-detector` to compare (a candidate whose package is missing is skipped).
Each answer set is recomputed in a fresh process (the memory probe) and compared: the
"same answers" column says whether two runs agree. Also the declared-language rule of
pipeline/language.py: accuracy when the page declares the right language, and when it declares a
wrong one, for a range of thresholds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml

from pipeline.errors import ConfigError
from pipeline.language import SAMPLE_CHARS, fold_code, language_shares, network_languages

LABELLED = ROOT / "tests/fixtures/labelled"
SHORT_TEXTS, SENTENCES = LABELLED / "short_texts.yaml", LABELLED / "sentences.yaml"
# Words per text (whitespace-separated); zh and ja are written without spaces: characters instead.
LIMITS = {SHORT_TEXTS.name: {"words": (2, 10), "chars": (4, 30)},
          SENTENCES.name: {"words": (11, 80), "chars": (30, 200)}}
UNSPACED = {"zh", "ja"}
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
LINGUA_CODES = {"no": ("nb", "nn")}  # lingua knows Norwegian as Bokmål and Nynorsk

Detect = Callable[[str], dict[str, float]]  # text -> network code -> score (best first)


def load_labelled(path: Path) -> list[tuple[str, str]]:
    """(language code, text) of a labelled set, checked: codes of languages.yaml, lengths within
    LIMITS; a ConfigError names the file and line of the first bad entry."""
    root = yaml.compose(path.read_text(encoding="utf-8"))
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError("a mapping of language code -> list of texts is required", path=str(path))
    limits, known, texts, seen = LIMITS[path.name], network_languages().codes, [], {}
    for key, value in root.value:
        if key.value not in known:
            raise ConfigError(f"{key.value!r} is not a language of pipeline/languages.yaml",
                              path=str(path), line=key.start_mark.line + 1)
        if not isinstance(value, yaml.SequenceNode):
            raise ConfigError("a list of texts is required", path=str(path),
                              line=key.start_mark.line + 1)
        for node in value.value:
            text = _text(node, key.value, limits, path)
            # The same words under two languages ("O nás": cs and sk) have no one right answer.
            if seen.setdefault(text.casefold(), key.value) != key.value:
                raise ConfigError(f"{text!r} is labelled {seen[text.casefold()]!r} too",
                                  path=str(path), line=node.start_mark.line + 1)
            texts.append((key.value, text))
    return texts


def _text(node: yaml.Node, code: str, limits: dict, path: Path) -> str:
    """One labelled text, its length checked against the set's limits."""
    text = node.value if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") else None
    unit = "chars" if code in UNSPACED else "words"
    size = len(text) if unit == "chars" and text else len((text or "").split())
    low, high = limits[unit]
    if text is None or not low <= size <= high:
        raise ConfigError(f"{text!r}: a text of {low} to {high} {unit} is required, found {size}",
                          path=str(path), line=node.start_mark.line + 1)
    return text


def candidates(codes: tuple[str, ...]) -> dict[str, Callable[[], Detect]]:
    """Name -> a function building the detector (timed apart from detection)."""
    return {
        "langdetect": lambda: _langdetect(None),
        "langdetect-network": lambda: _langdetect(codes),
        "py3langid-network": lambda: _py3langid(codes),
        "lingua-high": lambda: _lingua(codes, low=False, preload=False),
        "lingua-high-preloaded": lambda: _lingua(codes, low=False, preload=True),
        "lingua-low": lambda: _lingua(codes, low=True, preload=False),
        "lingua-low-preloaded": lambda: _lingua(codes, low=True, preload=True),
        "lingua-all": lambda: _lingua(None, low=False, preload=False),
        "pipeline": lambda: language_shares,  # pipeline/language.py as wired (py3langid-network)
    }


ACCURACY_OF = ["langdetect", "langdetect-network", "py3langid-network", "lingua-high", "lingua-low",
               "lingua-all", "pipeline"]  # the preloaded variants answer as their lazy twins


def _langdetect(codes: tuple[str, ...] | None) -> Detect:
    """langdetect seeded, with every profile or the network's only (zh-cn + zh-tw for zh)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    factory = DetectorFactory()
    if codes is None:
        factory.load_profile(PROFILES_DIRECTORY)
    else:
        profiles = Path(PROFILES_DIRECTORY)
        names = sorted(p.name for p in profiles.iterdir() if fold_code(p.name) in codes)
        factory.load_json_profile([(profiles / n).read_text("utf-8") for n in names])
    factory.set_seed(0)

    def detect(text: str) -> dict[str, float]:
        detector = factory.create()
        detector.append(text)
        try:
            guesses = detector.get_probabilities()
        except LangDetectException:
            return {}
        return _summed((fold_code(g.lang), g.prob) for g in guesses)
    return detect


def _py3langid(codes: tuple[str, ...]) -> Detect:
    """langid.py's model restricted to the network's languages, probabilities normalised."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(codes))
    return lambda text: _summed(identifier.rank(text)) if any(c.isalpha() for c in text) else {}


def _lingua(codes: tuple[str, ...] | None, low: bool, preload: bool) -> Detect:
    """lingua restricted to the network's languages (all of its own when codes is None)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    to_network = {c: code for code, cs in LINGUA_CODES.items() for c in cs}
    if codes is None:
        builder = LanguageDetectorBuilder.from_all_languages()
    else:
        wanted = [c for code in codes for c in LINGUA_CODES.get(code, (code,))]
        builder = LanguageDetectorBuilder.from_languages(
            *[Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in wanted])
    builder = builder.with_low_accuracy_mode() if low else builder
    detector = (builder.with_preloaded_language_models() if preload else builder).build()

    def detect(text: str) -> dict[str, float]:
        values = detector.compute_language_confidence_values(text)
        pairs = [(to_network.get(c := v.language.iso_code_639_1.name.lower(), c), v.value)
                 for v in values]
        return _summed(pairs) if any(v for _, v in pairs) else {}
    return detect


def _summed(pairs) -> dict[str, float]:
    """Code -> summed score, best first (zh-cn + zh-tw, nb + nn)."""
    found: dict[str, float] = {}
    for code, score in pairs:
        found[code] = found.get(code, 0.0) + float(score)
    return dict(sorted(found.items(), key=lambda item: -item[1]))


def best(scores: dict[str, float]) -> str | None:
    """The detector's answer: its best code, None when it has nothing to go on."""
    return next(iter(scores), None)


def articles(short: list[tuple[str, str]], sentences: list[tuple[str, str]]) -> list[str]:
    """Per language, a title and SAMPLE_CHARS of text made of its sentences (as detect_language
    slices an article)."""
    made = []
    for code in dict.fromkeys(c for c, _ in sentences):
        body = " ".join(t for c, t in sentences if c == code)
        title = next(t for c, t in short if c == code)
        made.append(f"{title}\n{(body + ' ') * (SAMPLE_CHARS // len(body) + 1)}"[:SAMPLE_CHARS])
    return made


def per_call_ms(detect: Detect, texts: list[str], repeat: int) -> float:
    """Median over `repeat` runs of the mean CPU milliseconds per text (CPU time, not wall
    time: other processes on the machine do not inflate it)."""
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            detect(text)
        runs.append((time.process_time() - start) * 1000 / len(texts))
    return statistics.median(runs)


def digest(answers: list[str | None]) -> str:
    """A short fingerprint of a list of answers, to compare two runs."""
    return hashlib.sha256(json.dumps(answers).encode()).hexdigest()[:12]


def rss_mb() -> float:
    """This process's resident memory now (Linux), else its peak."""
    status = Path("/proc/self/status")
    if status.exists():
        line = next(row for row in status.read_text().splitlines() if row.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def probe(name: str) -> dict:
    """In this (fresh) process: build one candidate, answer the labelled sets, report memory."""
    short, sentences = load_labelled(SHORT_TEXTS), load_labelled(SENTENCES)
    before = rss_mb()
    if name == "none":
        return {"rss_mb": before}
    detect = candidates(network_languages().codes)[name]()
    answers = [best(detect(t)) for _, t in short + sentences]
    return {"rss_mb": rss_mb(), "baseline_mb": before, "digest": digest(answers)}


def declared_table(scores: list[dict[str, float]], truth: list[str]) -> list[tuple]:
    """Per threshold: accuracy when the declared language is right, and when it is wrong (any
    wrong one: only a sure and right detection saves it)."""
    rows = []
    for threshold in THRESHOLDS:
        right = wrong = 0
        for found, code in zip(scores, truth):
            top = best(found)
            sure = top is not None and found[top] >= threshold
            right += (top == code) if sure else 1
            wrong += sure and top == code
        rows.append((threshold, right / len(truth), wrong / len(truth)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="Timing runs (median kept).")
    parser.add_argument("--no-memory", action="store_true", help="Skip the fresh-process probes.")
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(probe(args.probe)))
        return
    short, sentences = load_labelled(SHORT_TEXTS), load_labelled(SENTENCES)
    codes = network_languages().codes
    print(f"{len(short)} short texts, {len(sentences)} sentences, "
          f"{len({c for c, _ in short})} languages; network: {len(codes)} languages\n")
    results, figures = {}, {}
    for name, build in candidates(codes).items():
        start = time.perf_counter()
        try:
            detect = build()
        except ImportError as error:  # langdetect and lingua are no dependencies of the project
            print(f"{name}: skipped, {error.name} is not installed")
            continue
        built = time.perf_counter() - start
        start = time.perf_counter()
        scores = [detect(t) for _, t in short]
        first_pass = time.perf_counter() - start  # a lazy detector loads its models here
        answers = [best(s) for s in scores]
        sentence_scores = [detect(t) for _, t in sentences]
        sentence_answers = [best(s) for s in sentence_scores]
        again = [best(detect(t)) for _, t in short + sentences]
        results[name] = {"scores": scores, "answers": answers, "sentences": sentence_answers,
                         "sentence_scores": sentence_scores,
                         "stable": again == answers + sentence_answers}
        figures[name] = {"build_s": built, "first_pass_s": first_pass,
                         "article_ms": per_call_ms(detect, articles(short, sentences), args.repeat),
                         "short_ms": per_call_ms(detect, [t for _, t in short], args.repeat),
                         "digest": digest(answers + sentence_answers)}
    print_accuracy(short, sentences, results)
    print_costs(figures, results, args.no_memory)
    for name in [n for n in ("pipeline", "lingua-high", "langdetect") if n in results]:
        for label, labelled, key in (("short texts", short, "scores"),
                                     ("sentences", sentences, "sentence_scores")):
            print_declared(f"{name}, {label}", results[name][key], [c for c, _ in labelled])


def print_accuracy(short, sentences, results) -> None:
    """Accuracy per language (short texts) and overall, short and sentences."""
    names = [name for name in ACCURACY_OF if name in results]
    print("Accuracy on short texts, per language")
    print(f"{'lang':6}{'n':>4} " + "".join(f"{n:>20}" for n in names))
    for code in dict.fromkeys(c for c, _ in short):
        picks = [i for i, (c, _) in enumerate(short) if c == code]
        cells = [sum(results[n]["answers"][i] == code for i in picks) / len(picks) for n in names]
        print(f"{code:6}{len(picks):>4} " + "".join(f"{x:>20.3f}" for x in cells))
    for label, labelled, key in (("SHORT", short, "answers"), ("SENT.", sentences, "sentences")):
        cells = [sum(a == c for a, (c, _) in zip(results[n][key], labelled)) / len(labelled)
                 for n in names]
        print(f"{label:6}{len(labelled):>4} " + "".join(f"{x:>20.4f}" for x in cells))
    print()


def print_costs(figures, results, no_memory: bool) -> None:
    """Build time, time per article and per short text, memory, and whether answers repeat."""
    print("Cost: build and first pass in seconds (a lazy detector loads its models in its first "
          "pass); CPU ms per article (title + 1000 chars, as detect_language slices it) and per "
          "short text; resident memory of a fresh process after answering both sets, and what "
          "the detector added to it")
    print(f"{'candidate':24}{'build s':>9}{'1st pass s':>11}{'ms/article':>11}{'ms/short':>10}"
          f"{'RSS MB':>8}{'+MB':>7}  same answers")
    for name, f in figures.items():
        rss = added = "-"
        same = "yes" if results[name]["stable"] else "NO"
        if not no_memory:
            out = subprocess.run([sys.executable, __file__, "--probe", name], capture_output=True,
                                 text=True, check=True).stdout
            probed = json.loads(out)
            rss = f"{probed['rss_mb']:.0f}"
            added = f"{probed['rss_mb'] - probed['baseline_mb']:.0f}"
            fresh_same = probed["digest"] == f["digest"]
            same += " (fresh process too)" if fresh_same else " (NOT in a fresh process)"
        print(f"{name:24}{f['build_s']:>9.2f}{f['first_pass_s']:>11.2f}{f['article_ms']:>11.3f}"
              f"{f['short_ms']:>10.3f}{rss:>8}{added:>7}  {same} {f['digest']}")
    print()


def print_declared(name: str, scores, truth) -> None:
    """The declared-language rule: a detection at or over the threshold overrules a declaration."""
    print(f"Declared language, {name}: accuracy when the declaration is right / wrong")
    print(f"{'threshold':>10}{'right':>8}{'wrong':>8}")
    for threshold, right, wrong in declared_table(scores, truth):
        print(f"{threshold:>10.2f}{right:>8.3f}{wrong:>8.3f}")
    print()


if __name__ == "__main__":
    main()
