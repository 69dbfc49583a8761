"""The language model's cache (pipeline/language_model.py): the same answers as the full model,
written on first use and read on the next, a key per model and language list, and never a
failure: a damaged file, an unwritable directory or a full disk only cost the full load.

The real py3langid model; real files in a temporary cache directory per test.
"""

from __future__ import annotations

import binascii
import errno
import logging
import os
import shutil
import struct
import subprocess
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import LanguageIdentifier

from pipeline import language_model
from pipeline.cache_dir import CACHE_DIR_VARIABLE, cache_dir
from pipeline.language import detector, network_languages
from pipeline.language_model import cache_file, cache_key, full_model_file, load_cached
from tests.processes import BIN, ROOT

# One text per network language (ours), and texts with little or nothing to go on.
TEXTS = {
    "fr": "Les bénévoles de l'association préparent un repas pour les familles du quartier.",
    "en": "The volunteers of the charity are cooking a meal for the families of the neighbourhood.",
    "es": "Los voluntarios de la asociación preparan una comida para las familias del barrio.",
    "pt": "Os voluntários da associação preparam uma refeição para as famílias do bairro.",
    "de": "Die Freiwilligen des Vereins kochen ein Essen für die Familien aus der Nachbarschaft.",
    "nl": "De vrijwilligers van de vereniging koken een maaltijd voor de gezinnen uit de buurt.",
    "it": "I volontari dell'associazione preparano un pasto per le famiglie del quartiere.",
    "pl": "Wolontariusze stowarzyszenia przygotowują posiłek dla rodzin z sąsiedztwa.",
    "cs": "Dobrovolníci ze sdružení připravují jídlo pro rodiny ze sousedství.",
    "sk": "Dobrovoľníci zo združenia pripravujú jedlo pre rodiny zo susedstva.",
    "hu": "Az egyesület önkéntesei ebédet főznek a környékbeli családoknak.",
    "ro": "Voluntarii asociației pregătesc o masă pentru familiile din cartier.",
    "sv": "Föreningens volontärer lagar mat till familjerna i grannskapet.",
    "da": "Foreningens frivillige laver mad til familierne i nabolaget.",
    "no": "Foreningens frivillige lager middag til familiene i nabolaget.",
    "fi": "Yhdistyksen vapaaehtoiset valmistavat aterian naapuruston perheille.",
    "el": "Οι εθελοντές του συλλόγου ετοιμάζουν γεύμα για τις οικογένειες της γειτονιάς.",
    "tr": "Derneğin gönüllüleri mahalledeki aileler için yemek hazırlıyor.",
    "ru": "Волонтёры ассоциации готовят обед для семей из нашего района.",
    "zh": "协会的志愿者正在为社区的家庭准备午餐。",
    "ja": "協会のボランティアが地域の家族のために昼食を作っています。",
    "ko": "협회 자원봉사자들이 동네 가족들을 위해 점심을 준비하고 있습니다.",
    "ar": "يقوم متطوعو الجمعية بإعداد وجبة لعائلات الحي.",
    "he": "המתנדבים של העמותה מכינים ארוחה למשפחות השכונה.",
    "id": "Para relawan perkumpulan menyiapkan makanan untuk keluarga di lingkungan sekitar.",
}
HARD = ["Pro bono skills compétences Stiftung", "OK", "12345", ""]


@pytest.fixture(scope="module")
def full() -> LanguageIdentifier:
    """py3langid's full model restricted to the network, as before the cache."""
    identifier = LanguageIdentifier.from_model_file(full_model_file(), norm_probs=True)
    identifier.set_languages(list(network_languages().codes))
    return identifier


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache directory of this test's own, and a detector loaded afresh."""
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(directory))
    detector.cache_clear()
    yield directory
    detector.cache_clear()


@pytest.fixture
def full_loads(monkeypatch) -> list[Path]:
    """The model files the full loader is called with, from now on."""
    calls: list[Path] = []
    original = LanguageIdentifier.from_model_file

    def counted(model_file, *args, **kwargs):
        calls.append(Path(model_file))
        return original(model_file, *args, **kwargs)

    monkeypatch.setattr(LanguageIdentifier, "from_model_file", counted)
    return calls


def _no_full_load(*args, **kwargs):
    raise AssertionError("the full model was loaded")


def _ours(directory: Path) -> Path:
    """The cache file of the network's languages in a directory."""
    return cache_file(directory, cache_key(network_languages().codes))


def test_the_texts_cover_the_network_and_are_what_they_say(full):
    assert len(TEXTS) >= 15 and set(TEXTS) <= set(network_languages().codes)
    assert {code: full.rank(text)[0][0] for code, text in TEXTS.items()} == \
        {code: code for code in TEXTS}


def test_written_on_first_use_read_on_the_next_with_the_same_ranking(cache, full, monkeypatch):
    assert not cache.exists()
    cold = detector()
    assert [p.name for p in cache.iterdir()] == [_ours(cache).name]
    detector.cache_clear()
    monkeypatch.setattr(LanguageIdentifier, "from_model_file", _no_full_load)
    warm = detector()
    assert warm is not cold
    for text in [*TEXTS.values(), *HARD]:
        assert cold.rank(text) == warm.rank(text) == full.rank(text), text
    # Only the network's matrix is kept, from either path (tests/test_crawl_memory.py).
    assert warm._full_model[0] is warm.nb_ptc and warm.nb_classes == full.nb_classes


def test_the_key_changes_with_the_languages_the_model_and_its_version(tmp_path, monkeypatch):
    codes = network_languages().codes
    keys = {cache_key(codes), cache_key(codes[:-1]), cache_key(("fr", "en"))}
    copy = tmp_path / "model.npz.xz"
    shutil.copy(full_model_file(), copy)
    monkeypatch.setattr(language_model, "full_model_file", lambda: copy)
    keys.add(cache_key(codes))
    os.utime(copy, ns=(time.time_ns(), time.time_ns() - 10**9))
    keys.add(cache_key(codes))
    monkeypatch.setattr(language_model, "version", lambda name: "99.0")
    keys.add(cache_key(codes))
    assert len(keys) == 6
    assert len({cache_file(tmp_path, key) for key in keys}) == 6


def test_another_language_list_is_another_file_and_the_old_ones_go(
        cache, tmp_path, full_loads, monkeypatch):
    detector()
    stale_temporary, fresh_temporary = cache / ".langid-old.tmp", cache / ".langid-new.tmp"
    for path in (stale_temporary, fresh_temporary, cache / "langid-0123abcd.npz",
                 cache / "notes.txt"):
        path.write_bytes(b"x")
    os.utime(stale_temporary, (time.time() - 7200, time.time() - 7200))
    few = tmp_path / "languages.yaml"
    few.write_text("languages: [fr, en, de]\n", encoding="utf-8")
    assert load_cached(("fr", "en", "de")) is None
    assert detector(few).nb_classes == ["de", "en", "fr"]  # the model's order
    assert len(full_loads) == 2
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        [".langid-new.tmp", "notes.txt", cache_file(cache, cache_key(("fr", "en", "de"))).name])
    detector.cache_clear()
    monkeypatch.setattr(LanguageIdentifier, "from_model_file", _no_full_load)
    assert detector(few).rank(TEXTS["de"])[0][0] == "de"


def _arrays(path: Path) -> dict[str, np.ndarray]:
    """The arrays of a cache file."""
    with np.load(path) as data:
        return {name: data[name] for name in data.files}


def _rewrite(path: Path, **changes) -> None:
    """Write the cache file again with some arrays changed (None: left out)."""
    arrays = {**_arrays(path), **changes}
    np.savez(path, **{name: array for name, array in arrays.items() if array is not None})


class _Payload:
    """A pickle that would create a file when loaded."""

    def __init__(self, target: Path):
        self.target = target

    def __reduce__(self):
        return (Path.touch, (self.target,))


def _pickled(path: Path, tmp_path: Path) -> None:
    payload = np.empty(1, dtype=object)
    payload[0] = _Payload(tmp_path / "pickle-ran")
    _rewrite(path, classes=payload)


def _flipped(data: bytes) -> bytes:
    """The bytes with one in the middle of the largest array changed (its CRC then fails)."""
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:]


def _state_out_of_range(path: Path) -> None:
    arrays = _arrays(path)
    nextmove = arrays["nextmove"].copy()
    nextmove[nextmove.argmax()] = len(arrays["row"])
    _rewrite(path, nextmove=nextmove)


def _other_classes(path: Path) -> None:
    classes = _arrays(path)["classes"].copy()
    classes[0] = "xx"
    _rewrite(path, classes=classes)


# Ways to damage a cache file: each a function of the file and the test's folder.
DAMAGES = {
    "truncated": lambda path, _: path.write_bytes(path.read_bytes()[:20_000_000]),
    "cut at the end": lambda path, _: path.write_bytes(path.read_bytes()[:-10]),
    "empty": lambda path, _: path.write_bytes(b""),
    "not an npz": lambda path, _: path.write_text("languages: [fr]\n"),
    "a byte changed": lambda path, _: path.write_bytes(_flipped(path.read_bytes())),
    "a column missing": lambda path, _: _rewrite(path, ptc=_arrays(path)["ptc"][:, :-1]),
    "a feature missing": lambda path, _: _rewrite(path, ptc=_arrays(path)["ptc"][:-1]),
    "other classes": lambda path, _: _other_classes(path),
    "fewer outputs": lambda path, _: _rewrite(path, output=_arrays(path)["output"][:-1]),
    "a state out of range": lambda path, _: _state_out_of_range(path),
    "not finite": lambda path, _: _rewrite(path, pc=np.full_like(_arrays(path)["pc"], np.nan)),
    "another key": lambda path, _: _rewrite(path, key=np.array("format 0")),
    "an array missing": lambda path, _: _rewrite(path, row=None),
    "a pickle": _pickled,
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_cache_loads_the_full_model_and_is_written_again(
        damage, cache, tmp_path, full, full_loads, caplog):
    detector()
    path = _ours(cache)
    DAMAGES[damage](path, tmp_path)
    detector.cache_clear()
    with caplog.at_level(logging.INFO, logger="pipeline.language_model"):
        again = detector()
    assert len(full_loads) == 2
    assert not (tmp_path / "pickle-ran").exists()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and str(path) in warnings[0].getMessage()
    assert all(again.rank(text) == full.rank(text) for text in TEXTS.values())
    assert load_cached(network_languages().codes) is not None  # written again, whole
    assert len(full_loads) == 2


@pytest.mark.parametrize("where", ["under a file", "a file itself"])
def test_an_unwritable_cache_directory_only_costs_the_full_load(
        where, tmp_path, monkeypatch, full, full_loads, caplog):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory")
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(blocker / "cache" if where == "under a file"
                                               else blocker))
    detector.cache_clear()
    try:
        with caplog.at_level(logging.INFO, logger="pipeline.language_model"):
            for _ in range(2):
                detector.cache_clear()
                assert detector().rank(TEXTS["fi"]) == full.rank(TEXTS["fi"])
    finally:
        detector.cache_clear()
    assert len(full_loads) == 2
    assert [r.levelname for r in caplog.records] == ["INFO", "INFO"]
    assert "language model cache not written" in caplog.records[0].getMessage()
    assert blocker.read_text() == "not a directory"


def test_a_full_disk_leaves_no_temporary_file(cache, monkeypatch, full, caplog):
    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(language_model.np, "savez", full_disk)
    with caplog.at_level(logging.INFO, logger="pipeline.language_model"):
        assert detector().rank(TEXTS["hu"]) == full.rank(TEXTS["hu"])
    assert list(cache.iterdir()) == []
    assert "No space left on device" in caplog.text


def test_the_cache_directory_rule(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv(CACHE_DIR_VARIABLE, "~/elsewhere")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "home" / "elsewhere"
    monkeypatch.delenv(CACHE_DIR_VARIABLE)
    assert cache_dir() == tmp_path / "xdg" / "probono"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/xdg")  # invalid by the XDG spec: ignored
    assert cache_dir() == tmp_path / "home" / ".cache" / "probono"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == tmp_path / "home" / ".cache" / "probono"


def _detect_language_command(lines: list[str], directory: Path) -> subprocess.CompletedProcess:
    """`probono detect-language` in a subprocess with this cache directory."""
    env = {**os.environ, "PROBONO_LOG_FILE": os.devnull, CACHE_DIR_VARIABLE: str(directory)}
    return subprocess.run([str(BIN / "probono"), "detect-language"], cwd=ROOT, env=env,
                          input="\n".join(lines) + "\n", capture_output=True, text=True,
                          timeout=120)


def test_the_command_answers_the_same_with_a_cold_a_warm_and_a_damaged_cache(tmp_path):
    lines = [*TEXTS.values(), *HARD]
    directory = tmp_path / "cache"
    cold = _detect_language_command(lines, directory)
    written = _ours(directory)
    assert (cold.returncode, cold.stderr) == (0, "") and written.is_file()
    assert cold.stdout.split("\n")[:len(TEXTS)] == list(TEXTS)
    made = written.stat().st_mtime_ns
    warm = _detect_language_command(lines, directory)
    assert (warm.returncode, warm.stderr, warm.stdout) == (0, "", cold.stdout)
    assert written.stat().st_mtime_ns == made  # read, not written again
    written.write_bytes(written.read_bytes()[:1000])
    damaged = _detect_language_command(lines, directory)
    assert (damaged.returncode, damaged.stdout) == (0, cold.stdout)
    assert damaged.stderr.count("\n") == 1 and "unreadable language model cache" in damaged.stderr
    assert written.stat().st_size > 40_000_000


def test_the_large_arrays_are_mapped_from_the_file_and_equal_what_numpy_reads(cache, full):
    detector()
    path = _ours(cache)
    read = language_model._read_arrays(path)
    for name in language_model.MAPPED:
        assert isinstance(read[name].base, np.memmap) or isinstance(read[name], np.memmap), name
    expected = _arrays(path)
    assert set(read) == set(language_model.ARRAYS)
    for name, array in read.items():
        assert array.dtype == expected[name].dtype and np.array_equal(array, expected[name]), name


def test_a_cache_written_compressed_is_read_whole_and_answers_the_same(cache, full, monkeypatch):
    # Not what save_cached writes (np.savez stores its members), but a valid npz all the same:
    # its members are read as zipfile reads them, none mapped.
    detector()
    path = _ours(cache)
    np.savez_compressed(path, **_arrays(path))
    detector.cache_clear()
    monkeypatch.setattr(LanguageIdentifier, "from_model_file", _no_full_load)
    for text in [*TEXTS.values(), *HARD]:
        assert detector().rank(text) == full.rank(text), text


def test_a_member_whose_header_lies_about_its_size_is_unreadable(cache, full, full_loads, caplog):
    detector()
    path = _ours(cache)
    arrays = _arrays(path)
    data = bytearray(path.read_bytes())
    header = b"'shape': (%d,)" % arrays["nextmove"].size
    at = data.index(header)  # a shape that says one item more, the CRC made to fit
    data[at:at + len(header)] = b"'shape': (%d,)" % (arrays["nextmove"].size + 1)
    path.write_bytes(bytes(data))
    _fix_crcs(path)
    detector.cache_clear()
    with caplog.at_level(logging.WARNING, logger="pipeline.language_model"):
        assert detector().rank(TEXTS["fr"]) == full.rank(TEXTS["fr"])
    assert len(full_loads) == 2 and "unreadable language model cache" in caplog.text
    assert "nextmove.npy: an array of" in caplog.text  # the size check, not the CRC, caught it


def _fix_crcs(path: Path) -> None:
    """Rewrite the zip's CRCs to match its members' bytes, as a forger would."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    for member in members:
        name_length, extra_length = struct.unpack_from("<HH", data, member.header_offset + 26)
        start = member.header_offset + 30 + name_length + extra_length
        crc = binascii.crc32(data[start:start + member.file_size])
        struct.pack_into("<I", data, member.header_offset + 14, crc)  # the member's own header
        for position in _central_entries(data):
            if data[position + 46:position + 46 + len(member.filename)] == \
                    member.filename.encode():
                struct.pack_into("<I", data, position + 16, crc)
    path.write_bytes(bytes(data))


def _central_entries(data: bytearray):
    position = data.find(b"PK\x01\x02")
    while position != -1:
        yield position
        position = data.find(b"PK\x01\x02", position + 4)
