"""Ink the OCR detector missed or misread alone, read again (漏检补读): the part of :mod:`.ocr`
that looks at a page's ink once its text boxes are known.

The detector (DBNet) finds lines of text; it misses a mark that stands alone, a ``≥`` or ``一``
alone in a 指标性质 cell.  Each ruled cell that holds no text yet is looked at again: its ink
(specks left out by size) is told by its shape when it is a comparison mark
(:func:`.scan.lone_mark`), else read by recognition alone.  A box the detector did find but
the recogniser read as one Latin letter is looked at the same way (:func:`mark_in_box`): given
a lone ``≥``, the recogniser reads ``N`` or ``M``.  In a cell that holds text, a character-sized
run of ink no text box covers (the detector's box ended before it: ``683`` and its ``人``) is
recognised alone too.
"""

from __future__ import annotations

from typing import Any

from .pdf_page import PageContent

__all__ = ["mark_in_box", "read_missed_cells", "SHAPE_SCORE"]

SHAPE_SCORE = 0.95  # the confidence of a lone ≥ ≤ = told by its shape rather than recognised
CELL_MARGIN_IN = 0.03  # inch inside a cell's rulings left out when looking for its ink
MARK_IN = 0.04  # inch: ink this tall or wide is a mark (一, =, 、), smaller is a speck
CHAR_IN = 0.09  # inch: ink beside a cell's text boxes this tall is a character they left out
UNCOVERED_SCORE = 0.6  # … read alone, kept when recognised at least this sure
COVERED = 0.25  # ink a text box covers more of than this share is that box's

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def mark_in_box(image: Any, x0: float, y0: float, x1: float, y1: float, text: str) -> str | None:
    """The ``≥`` ``≤`` ``=`` a text box holds when OCR read it as one Latin letter or sign
    (``N``, ``M``, ``=``) and the ink's shape says so; else None."""
    import cv2

    from .scan import lone_mark

    text = text.strip()
    if len(text) != 1 or not text.isascii():
        return None
    crop = image[int(y0) : int(y1) + 1, int(x0) : int(x1) + 1]
    if crop.size == 0:
        return None
    dark = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) < 128
    ys, xs = dark.nonzero()
    if not len(ys):
        return None
    return lone_mark(dark[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype("uint8"))


def read_missed_cells(
    image: Any, content: PageContent, dpi: float, eng: Any, min_score: float, boxes: list[Box]
) -> list[tuple[str, Box, float]]:
    """(text, box in points, confidence) of the ink of each table cell that holds no glyph of
    a text box yet: a comparison mark told by its shape, anything else recognised alone with a
    score of at least ``min_score``; and of a character beside a cell's text that none of the
    page's text ``boxes`` (pixels) covers (:func:`_uncovered`)."""
    import cv2

    from .pdf_grid import find_tables
    from .scan import lone_mark

    px = dpi / 72.0
    margin = max(int(dpi * CELL_MARGIN_IN), 2)
    least = max(int(dpi * MARK_IN), 4)
    centers = [((g[1] + g[3]) / 2, (g[2] + g[4]) / 2) for g in content.chars]
    found: list[tuple[str, Box, float]] = []
    for table in find_tables(content.hlines, content.vlines):
        for cell in table.cells:
            if any(cell.x0 < x < cell.x1 and cell.y0 < y < cell.y1 for x, y in centers):
                found += _uncovered(image, boxes, cell, dpi, eng)
                continue
            top, left = int(cell.y0 * px) + margin, int(cell.x0 * px) + margin
            crop = image[top : int(cell.y1 * px) - margin, left : int(cell.x1 * px) - margin]
            if crop.size == 0:
                continue
            dark = (cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) < 128).astype("uint8")
            _count, _labels, stats, _ = cv2.connectedComponentsWithStats(dark)
            marks = [s for s in stats[1:] if max(s[2], s[3]) >= least]  # specks are smaller
            if not marks:
                continue
            x0 = int(min(s[0] for s in marks))
            y0 = int(min(s[1] for s in marks))
            x1 = int(max(s[0] + s[2] for s in marks))
            y1 = int(max(s[1] + s[3] for s in marks))
            mark = lone_mark(dark[y0:y1, x0:x1])
            if mark:
                text, score = mark, SHAPE_SCORE
            else:
                piece = crop[max(y0 - margin, 0) : y1 + margin, max(x0 - margin, 0) : x1 + margin]
                result, _ = eng(piece, use_det=False)
                text, score = (result or [["", 0.0]])[0][:2]
            if text.strip() and float(score) >= min_score:
                box = ((left + x0) / px, (top + y0) / px, (left + x1) / px, (top + y1) / px)
                found.append((text, box, float(score)))
    return found


def _uncovered(image: Any, boxes: list[Box], cell: Any, dpi: float, eng: Any) -> list[tuple[str, Box, float]]:
    """(text, box in points, confidence) of a character-sized run of ink in a cell that holds
    text but that no text box covers: the detector's box ended before it (``683`` and its
    ``人`` beside it), read by recognition alone."""
    import cv2

    px = dpi / 72.0
    margin = max(int(dpi * CELL_MARGIN_IN), 2)
    top, left = int(cell.y0 * px) + margin, int(cell.x0 * px) + margin
    crop = image[top : int(cell.y1 * px) - margin, left : int(cell.x1 * px) - margin]
    if crop.size == 0:
        return []
    h, w = crop.shape[:2]
    inside = [
        (x0 - left, y0 - top, x1 - left, y1 - top)
        for x0, y0, x1, y1 in boxes
        if x0 < left + w and left < x1 and y0 < top + h and top < y1  # the cell's own boxes
    ]
    if not inside:
        return []  # its text is a glyph of a box elsewhere (a merged cell's): nothing to look at
    dark = (cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) < 128).astype("uint8")
    _count, _labels, stats, _ = cv2.connectedComponentsWithStats(dark)
    tall = dpi * CHAR_IN
    runs = [
        (int(x), int(y), int(x + w), int(y + h))
        for x, y, w, h, _area in stats[1:]
        if tall <= h <= 3 * tall
        and h / 8 <= w < 4 * h
        and not any(_overlaps((x, y, x + w, y + h), b) for b in inside)
    ]
    found: list[tuple[str, Box, float]] = []
    for x0, y0, x1, y1 in runs:
        piece = crop[max(y0 - margin, 0) : y1 + margin, max(x0 - margin, 0) : x1 + margin]
        result, _ = eng(piece, use_det=False)
        text, score = (result or [["", 0.0]])[0][:2]
        if text.strip() and float(score) >= UNCOVERED_SCORE:
            found.append(
                (text, ((left + x0) / px, (top + y0) / px, (left + x1) / px, (top + y1) / px), float(score))
            )
    return found


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Does box ``b`` cover a share of box ``a`` (more than its edge clipping it: 683 人's 丿)?"""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w > 0 and h > 0 and w * h > COVERED * (a[2] - a[0]) * (a[3] - a[1])
