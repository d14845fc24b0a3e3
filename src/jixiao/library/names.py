"""Indicator names as the library compares them (指标名称的归一与相似度).

- :func:`name_key`: the normalised name — NFKC (full-width → half-width), lower case, spaces,
  punctuation and symbols removed, every number written ``#`` (``完成 2 个课题`` and
  ``完成3个课题`` are one name), at most 200 characters.
- :func:`words`: the key segmented into words by jieba (``举办外事培训班次数`` → 举办 · 外事 ·
  培训班 · 次数).  The dictionary loads on first use (about a second), once per process.
- :func:`similarity` (0–100): the mean of rapidfuzz's ``token_set_ratio`` on the words — a name
  that holds all the words of another scores 100 — and its ``ratio`` on the characters.  Names
  at :data:`THRESHOLD` or above are peers: ``受益群众满意度`` ~ ``群众满意度`` (92), ``采购设备数量``
  ≁ ``采购图书数量`` (72).
- :func:`bucket`: peers also share the standard 二级 category and a class of units
  (:func:`jixiao.values.unit_class`): a 数量指标 in 人次 is never compared with one in 个.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import warnings
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from ..values import unit_class

THRESHOLD = 80.0  # similarity from which two names are peers
# ratio on the characters below which the mean cannot reach THRESHOLD (token_set_ratio <= 100)
RATIO_FLOOR = 2 * THRESHOLD - 100
MAX_KEY = 200
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_lock = threading.Lock()
_tokenizer: Any = None


def name_key(name: str | None) -> str:
    """The normalised form of a printed 三级指标 name (see the module doc); ``""`` for none."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name).lower()
    kept = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "PSZC")
    return _NUMBER.sub("#", kept)[:MAX_KEY]


def _jieba() -> Any:
    """jieba's tokenizer, its dictionary loaded once (quietly: it logs and warns on import)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    import jieba

                jieba.setLogLevel(60)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                _tokenizer = tokenizer
    return _tokenizer


@lru_cache(maxsize=65536)
def words(key: str) -> tuple[str, ...]:
    """The words of a normalised name (jieba), numbers left out."""
    if not key:
        return ()
    return tuple(w for w in _jieba().lcut(key) if w.strip() and w != "#")


def similarity(key_a: str, words_a: str, key_b: str, words_b: str) -> float:
    """How alike two names are (0–100): words and characters, see the module doc.  ``words_*``
    are the space-joined :func:`words` of each key."""
    if key_a == key_b:
        return 100.0
    return (fuzz.token_set_ratio(words_a, words_b) + fuzz.ratio(key_a, key_b)) / 2


def bucket(category2: str | None, unit: str | None) -> tuple[str, str]:
    """(二级 category, class of units): what peers must share.  ``""`` when unknown."""
    return (category2 or "")[:64], unit_class(unit)[:80]
