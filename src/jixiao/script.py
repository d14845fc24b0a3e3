"""Script folding for label matching: Traditional characters and inserted pinyin (LAYOUTS.md N, "Script").

Some published mirrors print the tables in Traditional characters (``評價內容``, ``績效目標值``),
some with pinyin in parentheses after a character (``價(jià)格``, ``預算執(zhí)行率``).
:func:`fold_script` converts Traditional to Simplified with OpenCC (``t2s``, the maintained
converter and its dictionaries, not a hand table) and removes the pinyin, **for matching only**:
the text kept in the Document stays as printed.  The assembler matches labels with it, and the
review's word lists (:mod:`jixiao.review.wording`) match a Traditional table's indicators with it.

OpenCC is asked only about a text holding a character it may change (``data/t2s_chars.txt``,
written by ``scripts/t2s_chars.py`` from the converter and its phrase dictionary): a file of
Simplified tables never loads it (~20 ms of CPU a process, bench/README.md).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opencc import OpenCC

# pinyin inserted after a character: lowercase Latin letters with tone marks, in parentheses
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňḿ]{1,7}[)）]")
# a Chinese character (OpenCC is asked about a text holding one): a pattern string, compiled by re
# on its first use — only for a text that holds a character t2s may change; compiling this range
# costs ~1.5 ms, more than folding a whole file of Simplified tables.
_CJK = r"[\u3400-\u9fff]"
_converter: OpenCC | None = None
_changeable: frozenset[str] | None = None


def _t2s(text: str) -> str:
    global _converter
    if _converter is None:  # (imported and built on first use: most files never need it)
        from opencc import OpenCC

        _converter = OpenCC("t2s")
    out: str = _converter.convert(text)
    return out


def changeable() -> frozenset[str]:
    """Every character OpenCC's t2s may change (read once from ``data/t2s_chars.txt``): a text
    with none of them converts to itself."""
    global _changeable
    if _changeable is None:
        path = Path(__file__).resolve().parent / "data" / "t2s_chars.txt"
        _changeable = frozenset(path.read_text(encoding="utf-8").replace("\n", ""))
    return _changeable


def strip_pinyin(text: str) -> str:
    """``價(jià)格`` → ``價格``: the pinyin a mirror inserted, the script as printed."""
    return _PINYIN.sub("", text) if "(" in text or "（" in text else text


@lru_cache(maxsize=1 << 15)
def fold_script(text: str) -> str:
    """``項目名稱`` → ``项目名称``; ``價(jià)格`` → ``价格``.  For matching only (cached)."""
    if not text:
        return text
    text = strip_pinyin(text)
    return _t2s(text) if not changeable().isdisjoint(text) and re.search(_CJK, text) else text
