"""Values read off a whole document, computed once per document however many readers ask.

Rows of one document arrive one after another, and the layout reader, the metadata and the
row enrichment all read the same text: keep what is read off the whole text for the few
latest documents, so a 200-page plan is read once, not once per row or per stage.
"""
from __future__ import annotations

import functools
from collections import OrderedDict
from typing import Callable, TypeVar

T = TypeVar("T")

_MAX_DOCUMENTS = 4


def once_per_document(fn: Callable[[str], T]) -> Callable[[str], T]:
    """`fn(text)` computed once per document text (the same object), for the latest few."""
    cache: OrderedDict[int, tuple[str, T]] = OrderedDict()

    @functools.wraps(fn)
    def cached(text: str) -> T:
        key = id(text)
        hit = cache.get(key)
        if hit is None or hit[0] is not text:
            hit = cache[key] = (text, fn(text))
            if len(cache) > _MAX_DOCUMENTS:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return hit[1]
    return cached
