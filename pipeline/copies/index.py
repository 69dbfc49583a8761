"""The lookup a CopyFinder needs: signatures by article id, and those an LSH band shares with a
given signature. In memory here (the tests and benchmarks compare with it); the crawl's is in the
database (pipeline/store/lsh_bands.py: StoredIndex)."""

from __future__ import annotations

from typing import Any, Protocol

from pipeline.copies.signatures import NUM_PERM, SCHEME, SEED, signature_values


class SignatureIndex(Protocol):
    """Add, forget, look up: all a finder asks of an index of signatures."""

    def add(self, article_id: str, sig: bytes) -> None:
        """Index an article's signature, replacing the one it had."""

    def remove(self, article_id: str) -> None:
        """Forget an article; nothing happens if it is not indexed."""

    def candidates(self, sig: bytes) -> list[tuple[str, bytes]]:
        """The indexed (id, signature) pairs sharing an LSH band with `sig`, by id."""


def _lean(sig: bytes) -> Any:
    # datasketch imported where used: it imports scipy (0.4 s of CPU), which the crawl, reading
    # the stored index, never needs (tests/test_minhash.py).
    from datasketch import LeanMinHash

    return LeanMinHash(seed=SEED, hashvalues=signature_values(sig), scheme=SCHEME)


class LshIndex:
    """A SignatureIndex in memory (datasketch's MinHashLSH), built at spider start."""

    def __init__(self, threshold: float) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, bytes] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    @property
    def shape(self) -> str:
        """Bands x rows: what the threshold means to LSH."""
        return f"{self._lsh.b}x{self._lsh.r}"

    def add(self, article_id: str, sig: bytes) -> None:
        if article_id in self._signatures:
            self.remove(article_id)
        self._lsh.insert(article_id, _lean(sig), check_duplication=False)
        self._signatures[article_id] = bytes(sig)

    def remove(self, article_id: str) -> None:
        if self._signatures.pop(article_id, None) is not None:
            self._lsh.remove(article_id)

    def candidates(self, sig: bytes) -> list[tuple[str, bytes]]:
        # sorted: set order varies by process
        return [(i, self._signatures[i]) for i in sorted(self._lsh.query(_lean(sig)))]
