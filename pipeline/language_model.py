"""py3langid's model restricted to the network's languages, kept in the cache directory
(pipeline/cache_dir.py): loading it from there costs 0.06-0.18 s of CPU, against 0.4-0.8 s for
the full model (4.5 MB of LZMA into a 68 MB npz, then 97 languages to restrict), in every crawl
that finds an article and every `probono detect-language` (docs/benchmarks.md, "Enrichment").

The cache file is an uncompressed npz of the restricted identifier's arrays (45 MB), read without
pickle: a file put there by someone else cannot run code. Its two large arrays are mapped from
the file, not copied out of it (zipfile's reading cost 0.08-0.11 s of CPU a load), and checked
against their CRC as zipfile checks what it reads. Its name carries a key (py3langid's
version, the model file's size and modification time, the network's codes, our format), so a
change of any is another file; writing one deletes the files of other keys. A cache file that
cannot be read, or whose arrays do not fit together, is ignored with one warning and written
again; a cache that cannot be written (read-only, full disk) costs the full load next time, with
one info line. Nothing here ever fails detection.
"""

from __future__ import annotations

import binascii
import logging
import lzma
import math
import struct
import zipfile
import zlib
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from tokenize import TokenError
from typing import BinaryIO, Literal

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from pipeline.cache_dir import cache_dir, keyed_file, remove_other_keys, write_atomically

logger = logging.getLogger(__name__)

FORMAT = 1  # of the cache file: raise it when what is saved, or how, changes
PREFIX = "langid-"  # of our cache files, those that writing a new key deletes
SUFFIX = ".npz"
ARRAYS = ("key", "classes", "ptc", "pc", "nextmove", "row", "output")
MAPPED = frozenset({"ptc", "nextmove"})  # 5 and 39 MB; the others are read as zipfile reads them
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # a zip member's header: signature, ..., name and extra
# Why no cache can be named: no model file to stat, no py3langid metadata, no home directory.
NO_CACHE = (OSError, PackageNotFoundError, RuntimeError)
# np.load's errors on a file that is not an npz, is cut short, or whose headers lie: zipfile
# raises RuntimeError for an "encrypted" member, NotImplementedError for an unknown compression;
# numpy reads an array's header with Python's tokenizer (TokenError) and parser (SyntaxError).
UNREADABLE = (OSError, ValueError, KeyError, EOFError, MemoryError, RuntimeError, SyntaxError,
              NotImplementedError, TokenError, zipfile.BadZipFile, zlib.error, lzma.LZMAError)


def full_model_file() -> Path:
    """py3langid's own model, the one the cache is made from."""
    return MODEL_DIR / MODEL_FILE


def cache_key(codes: Sequence[str]) -> str:
    """What the cached arrays depend on; cheap: a stat, no read of the model."""
    model = full_model_file().stat()
    return (f"format {FORMAT}; py3langid {version('py3langid')}; model {model.st_size} bytes, "
            f"modified {model.st_mtime_ns} ns; languages {','.join(codes)}")


def cache_file(directory: Path, key: str) -> Path:
    """The cache file of a key in a directory."""
    return keyed_file(directory, PREFIX, key, SUFFIX)


def load_cached(codes: Sequence[str]) -> LanguageIdentifier | None:
    """The identifier restricted to these codes, from the cache; None when there is no usable
    cache file (nothing written yet, a stale key, an unreadable or inconsistent file)."""
    try:
        key = cache_key(codes)
        path = cache_file(cache_dir(), key)
    except NO_CACHE as error:
        logger.info("no language model cache: %s", error)
        return None
    try:
        arrays = _read_arrays(path)
    except (FileNotFoundError, NotADirectoryError):  # none yet; saving says why when it cannot
        return None
    except UNREADABLE as error:
        logger.warning("%s: unreadable language model cache, full model loaded (%s: %s)",
                       path, type(error).__name__, error)
        return None
    problem = arrays_problem(arrays, key, codes)
    if problem:
        logger.warning("%s: inconsistent language model cache, full model loaded (%s)",
                       path, problem)
        return None
    return LanguageIdentifier(arrays["ptc"], arrays["pc"], arrays["classes"].tolist(),
                              int_table(arrays["nextmove"]), arrays["output"].tolist(),
                              norm_probs=True, tk_row=int_table(arrays["row"]))


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    """The cache file's arrays, the large ones mapped from it; raises one of UNREADABLE (or
    FileNotFoundError) when the file is no npz of them, or a member's bytes fail its CRC."""
    with open(path, "rb") as raw, zipfile.ZipFile(raw) as archive:
        arrays = {}
        for name in ARRAYS:
            member = archive.getinfo(f"{name}.npy")  # KeyError when it is missing
            if name in MAPPED and member.compress_type == zipfile.ZIP_STORED:
                arrays[name] = _mapped_member(raw, member)
            else:
                with archive.open(member) as data:
                    arrays[name] = np.lib.format.read_array(data, allow_pickle=False)
        return arrays


def _mapped_member(raw: BinaryIO, member: zipfile.ZipInfo) -> np.ndarray:
    """A stored (uncompressed) .npy member of the zip file, as an array mapped from the file."""
    raw.seek(member.header_offset)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(raw.read(_LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"{member.filename}: no member header where the directory says")
    start = member.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    data = np.memmap(raw, dtype=np.uint8, mode="r", offset=start, shape=(member.file_size,))
    # binascii's CRC-32: the same sum as zlib's, in half its time (17 against 33 ms for 39 MB)
    if binascii.crc32(data.data) != member.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {member.filename!r}")
    raw.seek(start)
    version = np.lib.format.read_magic(raw)
    read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                   else np.lib.format.read_array_header_2_0)
    shape, fortran_order, dtype = read_header(raw)
    header_size = raw.tell() - start
    if dtype.hasobject or header_size + math.prod(shape) * dtype.itemsize != member.file_size:
        raise ValueError(f"{member.filename}: an array of {shape} {dtype} in "
                         f"{member.file_size} bytes")
    return data[header_size:].view(dtype).reshape(shape, order="F" if fortran_order else "C")


def arrays_problem(arrays: dict[str, np.ndarray], key: str, codes: Sequence[str]) -> str | None:
    """What makes cached arrays unusable for these codes, or None: every index the detector
    follows must fall inside its table, so a damaged file fails here, never in rank(). The
    classes' order, the model's, is not checked: the key names the model they were taken from."""
    classes, ptc, pc = arrays["classes"], arrays["ptc"], arrays["pc"]
    nextmove, row, output = arrays["nextmove"], arrays["row"], arrays["output"]
    if arrays["key"].shape != () or str(arrays["key"]) != key:
        return "made for another key"
    if classes.ndim != 1 or classes.dtype.kind != "U" or set(classes.tolist()) != set(codes):
        return f"classes {classes.tolist()[:30]} are not the network's"
    if ptc.ndim != 2 or ptc.shape[1] != len(classes) or pc.shape != (len(classes),):
        return f"matrix {ptc.shape} and priors {pc.shape} do not fit {len(classes)} classes"
    if ptc.dtype.kind != "f" or pc.dtype.kind != "f" or not (np.isfinite(ptc).all()
                                                            and np.isfinite(pc).all()):
        return "matrix or priors not finite numbers"
    if any(a.ndim != 1 or a.dtype.char not in "HIL" for a in (nextmove, row)):
        return "transitions not unsigned integers"
    if output.ndim != 1 or output.dtype.kind != "i" or len(row) != len(output) or not len(row):
        return f"{len(row)} states but {len(output)} outputs"
    if not nextmove.size or nextmove.size % 256 or row.max() >= nextmove.size // 256:
        return "transition rows out of range"
    if nextmove.max() >= len(row) or output.min() < -1 or output.max() >= ptc.shape[0]:
        return "a state or feature out of range"
    return None


def int_table(values: np.ndarray) -> memoryview:
    """A numpy array of unsigned integers (H, I or L) as the flat table py3langid walks: a view of
    the array's own memory, which indexes to Python ints as fast as the stdlib array py3langid
    makes, without copying the 40 MB of transitions (0.02 s of CPU at each load). An array mapped
    from the cache file may start at any byte, which numpy's own buffer then declares in a format
    memoryview cannot index ("=I"): the bytes are cast instead (memoryview reads each item with
    a copy of its bytes, aligned or not)."""
    table = np.ascontiguousarray(values)  # one dimension, of H, I or L (arrays_problem)
    if not table.dtype.isnative:
        table = table.astype(table.dtype.newbyteorder("="))
    return table.view(np.uint8).data.cast(_INT_FORMATS[table.dtype.char])


_INT_FORMATS: dict[str, Literal["H", "I", "L"]] = {"H": "H", "I": "I", "L": "L"}


def save_cached(identifier: LanguageIdentifier, codes: Sequence[str]) -> None:
    """Write the identifier, restricted to these codes, to the cache; on failure log one line."""
    try:
        key = cache_key(codes)
        directory = cache_dir()
        path = cache_file(directory, key)
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {
            "key": np.array(key), "classes": np.array(identifier.nb_classes),
            "ptc": identifier.nb_ptc, "pc": identifier.nb_pc,
            "nextmove": np.frombuffer(identifier.tk_nextmove, identifier.tk_nextmove.typecode),
            "row": np.frombuffer(identifier.tk_row, identifier.tk_row.typecode),
            "output": np.asarray(identifier.tk_output, dtype=np.int32)}
        # An npz without pickle (pipeline/cache_dir.py: a temporary name, then renamed).
        write_atomically(path, PREFIX, lambda out: np.savez(out, allow_pickle=False, **arrays))
    except NO_CACHE as error:
        logger.info("language model cache not written: %s", error)
        return
    try:
        remove_other_keys(path, PREFIX, SUFFIX)
    except OSError as error:
        logger.info("old language model caches not removed: %s", error)
