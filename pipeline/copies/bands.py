"""LSH band keys of MinHash signatures, for an index kept on disk (pipeline/store/lsh_bands.py).

The banding is datasketch's own for the same threshold: MinHashLSH's (bands, rows), written out
for the thresholds in use (LSH_SHAPES), and its ranges (band i holds values i*rows .. (i+1)*rows),
so the stored index proposes exactly the candidates the in-memory one does (tests/test_lsh_bands.py
holds both to that). Each band's values are mixed into one signed 64-bit key, with the index's
kind, shape and band number mixed in first: keys of the whole-text and the lead index, or of two
thresholds, never meet. Pure.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from pipeline.copies.signatures import NUM_PERM, SIGNATURE_BYTES, signature_values
from pipeline.copies.thresholds import LSH_SHAPES

# The two indexes a CopyFinder keeps, by the article column their signatures are stored in.
KINDS = {"whole": "minhash", "lead": "lead_minhash"}
_KIND_CODE = {"whole": 1, "lead": 2}


@lru_cache(maxsize=64)
def lsh_shape(threshold: float) -> tuple[int, int]:
    """(bands, rows per band): what datasketch's MinHashLSH takes for this threshold."""
    if threshold in LSH_SHAPES:  # every threshold the crawl uses: no datasketch, no scipy
        return LSH_SHAPES[threshold]
    # Another threshold (benchmarks/neardup_threshold.py tries thirteen): datasketch's own answer,
    # the definition the table copies, rather than an error that would stop those experiments.
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, elementwise on uint64 (wrapping): every bit moves every bit."""
    with np.errstate(over="ignore"):
        values = values ^ (values >> np.uint64(30))
        values = values * np.uint64(0xBF58476D1CE4E5B9)
        values = values ^ (values >> np.uint64(27))
        values = values * np.uint64(0x94D049BB133111EB)
        return values ^ (values >> np.uint64(31))


@lru_cache(maxsize=64)
def _seeds(kind: str, threshold: float) -> np.ndarray:
    """One starting value per band: the kind, the shape and the band number, mixed."""
    bands, rows = lsh_shape(threshold)
    code = (_KIND_CODE[kind] << 48) | (bands << 32) | (rows << 16)
    return _mix(np.arange(bands, dtype=np.uint64) | np.uint64(code))


def band_key_matrix(values: np.ndarray, kind: str, threshold: float) -> np.ndarray:
    """Band keys of many signatures at once: (n, NUM_PERM) uint32 values -> (n, bands) int64."""
    bands, rows = lsh_shape(threshold)
    used = values[:, :bands * rows].astype(np.uint64).reshape(len(values), bands, rows)
    keys = np.broadcast_to(_seeds(kind, threshold), (len(values), bands)).copy()
    for row in range(rows):
        keys = _mix(keys ^ used[:, :, row])
    return keys.view(np.int64)  # SQLite integers are signed 64-bit


def band_keys(sig: bytes, kind: str, threshold: float) -> tuple[int, ...]:
    """The keys of one signature's bands, in band order."""
    return _band_keys(bytes(sig), kind, threshold)


# The crawl asks for a new article's keys twice: for its candidates (the finder), then to store
# them with its row (the store); a few recent signatures' keys are kept for the second time.
@lru_cache(maxsize=64)
def _band_keys(sig: bytes, kind: str, threshold: float) -> tuple[int, ...]:
    return tuple(band_key_matrix(signature_values(sig)[None, :], kind, threshold)[0].tolist())


def signature_matrix(sigs: list[bytes]) -> np.ndarray:
    """Signatures (bytes) as one (n, NUM_PERM) uint32 array, for band_key_matrix."""
    if any(len(sig) != SIGNATURE_BYTES for sig in sigs):
        raise ValueError(f"a signature is not {SIGNATURE_BYTES} bytes long")
    return np.frombuffer(b"".join(sigs), dtype="<u4").reshape(len(sigs), NUM_PERM)
