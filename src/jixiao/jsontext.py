"""JSON text as jixiao writes it for people and files: ``jixiao ingest --json``, ``jixiao check
--format json``, the ``json`` export — two-space indents, Chinese as is, UTF-8, a final newline.

The text is exactly ``json.dumps(value, ensure_ascii=False, indent=2) + "\\n"`` encoded as UTF-8
(a lone surrogate replaced by ``?``), but written by orjson: the json module's indenting encoder
is pure Python, ~25× slower, and was most of the time ``jixiao ingest big.xlsx --json`` spent
after reading.  Where orjson would write other bytes, the json module writes them:

- a float below 1e-4 in magnitude: Python writes ``1e-05``, orjson ``0.00001`` (and ``1e-7``
  for ``1e-07``); such a number in orjson's text sends the whole value to the json module (a
  string that merely looks like one costs the slower path, never a different text);
- what orjson refuses: an integer past 64 bits, a lone surrogate, a key that is not a string,
  a type it does not know.

A value may hold dataclasses (:meth:`jixiao.model.Document.json_view`): orjson writes each as
the mapping of its fields in order, which is what ``dataclasses.asdict`` gives the json module.

One difference is kept on purpose: NaN and infinities are written ``null`` (the json module
writes ``NaN``, which is not JSON).  ``tests/ingest/test_json_text.py`` compares the two writers
on every corpus file and on generated values.
"""

from __future__ import annotations

import re
from dataclasses import asdict, is_dataclass
from typing import Any

import orjson

# the number tokens orjson writes differently from repr(): 0.0000ddd and a one-digit negative exponent
# (compiled by re on its first use: most texts never need it)
_DIFFERENT_NUMBER = rb"0\.0000[0-9]|e-[0-9](?![0-9])"
_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE


def dumps(value: object) -> bytes:
    """``value`` as indented UTF-8 JSON text ending in a newline (see the module docstring)."""
    try:
        text = orjson.dumps(value, option=_OPTIONS)
    except orjson.JSONEncodeError:
        return _json_module(value)
    # two substring scans, the regex (~25 ms for 4 MB) only when one of them hits
    if (holds(text, b"e-", 1) or holds(text, b"0.0000", 1)) and re.search(_DIFFERENT_NUMBER, text):
        return _json_module(value)
    return text


def holds(text: bytes, needle: bytes, at: int, limit: int = 2048) -> bool:
    """``needle in text``, found from the occurrences of its byte ``needle[at]`` (``-``, ``.``:
    ``bytes.find`` of one byte is memchr).  ``in`` compares byte by byte where its skip table
    cannot skip, which is all of UTF-8 Chinese: 8 ms for ``e-`` in the 4.7 MB of a 500-table
    file, against 0.1 ms here.  Past ``limit`` occurrences (a text of dashes) ``in`` does the
    rest, from where this got to."""
    pivot = needle[at : at + 1]
    i = text.find(pivot, at)
    for _ in range(limit):
        if i == -1:
            return False
        if text.startswith(needle, i - at):
            return True
        i = text.find(pivot, i + 1)
    return i != -1 and text.find(needle, i - at) != -1


def _json_module(value: object) -> bytes:
    import json  # (only for what orjson writes otherwise: most values never come here)

    text = json.dumps(value, ensure_ascii=False, indent=2, default=_dataclass_fields) + "\n"
    return text.encode("utf-8", "replace")


def _dataclass_fields(value: object) -> dict[str, Any]:
    """What the json module cannot write itself: a dataclass (orjson writes one as a mapping of
    its fields in order, which is ``asdict``)."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
