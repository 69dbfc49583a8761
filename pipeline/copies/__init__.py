"""Copies of one story: exact (a text hash), near (MinHash + LSH over whole texts and openings),
and which copy of a cluster is the original. Pure: no SQL, no Scrapy; the store keeps the
signatures and folds the clusters.

    exact.py       text_hash: the same text published twice
    signatures.py  MinHash signatures of texts and of their openings, similarity, containment
    index.py       SignatureIndex, the lookup a finder needs (add, remove, candidates), in memory
    bands.py       LSH band keys, datasketch's banding, for the index the store keeps on disk
    thresholds.py  THRESHOLDS: every threshold of the near-copy decision, in one place
    finder.py      CopyFinder.mark(article): the one entry point of the crawl and of reprocess
    original.py    choose_original: which copy of a cluster is the story's original
    versions.py    two versions of one stored story: which is richer, what the merged row holds

Errors: ValueError for bytes that are not a signature of this format (signatures.py).
"""
