"""One PDF page through PDFium: its glyphs and its ruling lines, in the reading frame.

Everything here talks to PDFium (``pypdfium2.raw``) and nothing else does.  A page
gives:

- ``chars``: every glyph with a Unicode value and its *loose* box (PDFium's box from
  the font's advance width, ascent and descent — the box a reader would select);
- ``hlines`` / ``vlines``: the ruling lines (表格线) — stroked axis-parallel line
  segments, the edges of stroked rectangles, and thin filled rectangles — as
  ``(position, start, end)`` triples;
- ``rotation``: the quarter turns applied so that text runs left to right.

Coordinates are in the *reading frame*: points, origin at the top left, ``x`` to the
right, ``y`` downwards.  The frame is chosen from the direction of the text itself
(PDFium's char angle), so a landscape table printed on a portrait page with
``/Rotate 90`` or ``/Rotate 270`` reads like any other; a page without text falls
back to its ``/Rotate``.  Paths inside form XObjects are followed, with their matrices.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import pypdfium2.raw as R

# A PDFium handle (FPDF_PAGE, FPDF_TEXTPAGE, FPDF_PAGEOBJECT …): a ctypes pointer from the
# untyped ``pypdfium2.raw`` bindings.
Handle: TypeAlias = Any

THIN = 3.0  # a filled rectangle thinner than this (pt) is a ruling line
AXIS_TOL = 0.6  # how far (pt) a "horizontal" segment may slope
MIN_LINE = 1.5  # shorter segments are dots, not lines
MAX_FORM_DEPTH = 8
SAMPLE = 128  # glyphs sampled per page for the Unicode-map and angle checks

_LINETO, _BEZIERTO, _MOVETO = R.FPDF_SEGMENT_LINETO, R.FPDF_SEGMENT_BEZIERTO, R.FPDF_SEGMENT_MOVETO


@dataclass(slots=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    rotation: int  # quarter turns clockwise
    chars: list[tuple[str, float, float, float, float]] = field(default_factory=list)  # ch, x0, y0, x1, y1
    hlines: list[tuple[float, float, float]] = field(default_factory=list)  # y, x0, x1
    vlines: list[tuple[float, float, float]] = field(default_factory=list)  # x, y0, y1
    unmapped: int = 0  # sampled glyphs with no Unicode mapping
    sampled: int = 0
    image_area: float = 0.0  # largest image, as a fraction of the page
    image_dpi: float | None = None  # the resolution that image is drawn at (pixels per inch)
    # glyph → OCR confidence, for a page read by OCR (:mod:`jixiao.readers.ocr`); None otherwise
    scores: dict[tuple[str, float, float, float, float], float] | None = None


def _mul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix ``m`` followed by ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


class _Frame:
    """User space → reading frame (top-left origin, y down) for ``k`` clockwise quarter turns."""

    def __init__(self, box: tuple[float, float, float, float], k: int) -> None:
        self.l, self.b, self.r, self.t = box
        self.k = k % 4
        w, h = self.r - self.l, self.t - self.b
        self.width, self.height = (w, h) if self.k % 2 == 0 else (h, w)

    def point(self, x: float, y: float) -> tuple[float, float]:
        k = self.k
        if k == 0:
            return x - self.l, self.t - y
        if k == 1:
            return y - self.b, x - self.l
        if k == 2:
            return self.r - x, y - self.b
        return self.t - y, self.r - x

    def rect(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        ax, ay = self.point(x0, y0)
        bx, by = self.point(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _page_box(page: Handle) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (ctypes.c_float() for _ in range(4))
    if R.FPDFPage_GetCropBox(page, x0, y0, x1, y1) or R.FPDFPage_GetMediaBox(page, x0, y0, x1, y1):
        box = (x0.value, y0.value, x1.value, y1.value)
        return (min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3]))
    return 0.0, 0.0, R.FPDF_GetPageWidthF(page), R.FPDF_GetPageHeightF(page)


def _text_turns(textpage: Handle, count: int) -> tuple[int, int, int]:
    """(quarter turns of the dominant text direction, unmapped glyphs, glyphs sampled)."""
    votes = [0, 0, 0, 0]
    unmapped = sampled = 0
    step = max(1, count // SAMPLE)
    for i in range(0, count, step):
        if R.FPDFText_IsGenerated(textpage, i):
            continue
        u = R.FPDFText_GetUnicode(textpage, i)
        if u in (32, 10, 13, 9):
            continue
        sampled += 1
        if R.FPDFText_HasUnicodeMapError(textpage, i) or u == 0xFFFD or 0xE000 <= u <= 0xF8FF or u < 32:
            unmapped += 1
        angle = R.FPDFText_GetCharAngle(textpage, i)
        if angle >= 0:
            votes[-round(angle / (math.pi / 2)) % 4] += 1  # PDFium measures clockwise
    return max(range(4), key=lambda q: votes[q]) if any(votes) else -1, unmapped, sampled


def _read_chars(textpage: Handle, count: int, frame: _Frame) -> list[tuple[str, float, float, float, float]]:
    buf = (ctypes.c_ushort * (count + 1))()
    got = R.FPDFText_GetText(textpage, 0, count, buf)
    text = bytes(buf)[: max(got - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) != count:  # astral characters take two UTF-16 units: ask per glyph
        text = "".join(chr(R.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    rect = R.FS_RECTF()
    ref = ctypes.byref(rect)
    loose = R.FPDFText_GetLooseCharBox
    out: list[tuple[str, float, float, float, float]] = []
    add = out.append
    left, bottom, right, top, k = frame.l, frame.b, frame.r, frame.t, frame.k
    for i, ch in enumerate(text):
        if ch in "\r\n\x00\ufffe" or not loose(textpage, i, ref):
            continue
        a, b, c, d = rect.left, rect.bottom, rect.right, rect.top
        if ch == " " and c - a < 0.1 and d - b < 0.1:
            continue  # a space PDFium made up; spacing is judged from positions
        # the frame transform of _Frame.rect, inlined: this loop runs for every glyph
        if k == 0:
            add((ch, a - left, top - d, c - left, top - b))
        elif k == 1:
            add((ch, b - bottom, a - left, d - bottom, c - left))
        elif k == 2:
            add((ch, right - c, b - bottom, right - a, d - bottom))
        else:
            add((ch, top - d, right - c, top - b, right - a))
    return out


class _Lines:
    """Collects ruling segments in user space, then maps them to the reading frame."""

    def __init__(self) -> None:
        self.h: list[tuple[float, float, float]] = []
        self.v: list[tuple[float, float, float]] = []

    def segment(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if abs(y0 - y1) <= AXIS_TOL and abs(x1 - x0) >= MIN_LINE:
            self.h.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x0 - x1) <= AXIS_TOL and abs(y1 - y0) >= MIN_LINE:
            self.v.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))

    def rect(self, x0: float, y0: float, x1: float, y1: float, stroked: bool, filled: bool) -> None:
        w, h = x1 - x0, y1 - y0
        if filled and h <= THIN and w > h:
            self.segment(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)
        elif filled and w <= THIN and h > w:
            self.segment((x0 + x1) / 2, y0, (x0 + x1) / 2, y1)
        elif stroked:
            self.segment(x0, y0, x1, y0)
            self.segment(x0, y1, x1, y1)
            self.segment(x0, y0, x0, y1)
            self.segment(x1, y0, x1, y1)
        # a large filled, unstroked rectangle is shading or a page background: no lines


def _path(obj: Handle, m: tuple[float, ...], lines: _Lines) -> None:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    R.FPDFPath_GetDrawMode(obj, fill, stroke)
    filled, stroked = fill.value != 0, bool(stroke.value)
    if not (filled or stroked):
        return
    a, b, c, d, e, f = m
    px, py = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    curved = False
    for s in range(R.FPDFPath_CountSegments(obj)):
        seg = R.FPDFPath_GetPathSegment(obj, s)
        R.FPDFPathSegment_GetPoint(seg, px, py)
        x, y = px.value, py.value
        pt = (a * x + c * y + e, b * x + d * y + f)
        kind = R.FPDFPathSegment_GetType(seg)
        if kind == _MOVETO:
            if current:
                subpaths.append(current)
            current = [pt]
        elif kind == _LINETO:
            current.append(pt)
        else:
            curved = True
            current.append(pt)
        if R.FPDFPathSegment_GetClose(seg) and current and current[-1] != current[0]:
            current.append(current[0])
    if current:
        subpaths.append(current)
    if curved:
        return  # rounded shapes are not table rulings
    for pts in subpaths:
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        if filled and min(x1 - x0, y1 - y0) <= THIN:
            # a thin filled shape is a ruling, whatever its corners (Chrome bevels them)
            lines.rect(x0, y0, x1, y1, stroked, filled)
            if not stroked:
                continue
        if len(pts) >= 4 and _is_rect(pts):
            lines.rect(x0, y0, x1, y1, stroked, filled)
        elif stroked:
            for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
                lines.segment(x0, y0, x1, y1)


def _is_rect(pts: list[tuple[float, float]]) -> bool:
    """An axis-parallel rectangle: 4 corners (optionally closed back to the first)."""
    while (
        len(pts) > 4 and abs(pts[0][0] - pts[-1][0]) <= AXIS_TOL and abs(pts[0][1] - pts[-1][1]) <= AXIS_TOL
    ):
        pts = pts[:-1]
    if len(pts) != 4:
        return False
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True):
        if abs(x0 - x1) > AXIS_TOL and abs(y0 - y1) > AXIS_TOL:
            return False
    return True


def _objects(
    container: Handle,
    count_fn: Callable[[Handle], int],
    get_fn: Callable[[Handle, int], Handle],
    m: tuple[float, ...],
    lines: _Lines,
    depth: int,
    page_area: float,
    best: list[float],
) -> None:
    """Collect the ruling lines of a page's (or form's) objects; ``best`` gets the largest
    image's share of the page and its resolution (dots per inch, 0 when unknown)."""
    fm = R.FS_MATRIX()
    bx0, by0, bx1, by1 = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    a, b, c, d, e, f = m
    upright = abs(b) < 1e-9 and abs(c) < 1e-9  # m keeps boxes axis-parallel (as do quarter turns)
    turned = abs(a) < 1e-9 and abs(d) < 1e-9
    for i in range(count_fn(container)):
        obj = get_fn(container, i)
        kind = R.FPDFPageObj_GetType(obj)
        if kind == R.FPDF_PAGEOBJ_PATH:
            # fast path: a thin path (most rulings) is a line, known from its bounds alone
            if (upright or turned) and R.FPDFPageObj_GetBounds(obj, bx0, by0, bx1, by1):
                px0, py0, px1, py1 = bx0.value, by0.value, bx1.value, by1.value
                qx0, qy0 = a * px0 + c * py0 + e, b * px0 + d * py0 + f
                qx1, qy1 = a * px1 + c * py1 + e, b * px1 + d * py1 + f
                x0, x1, y0, y1 = min(qx0, qx1), max(qx0, qx1), min(qy0, qy1), max(qy0, qy1)
                if min(x1 - x0, y1 - y0) <= THIN:
                    R.FPDFPath_GetDrawMode(obj, fill, stroke)
                    if fill.value or stroke.value:
                        lines.rect(x0, y0, x1, y1, False, True)
                    continue
            R.FPDFPageObj_GetMatrix(obj, fm)
            _path(obj, _mul((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), m), lines)
        elif kind == R.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            R.FPDFPageObj_GetMatrix(obj, fm)
            inner = _mul((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), m)
            _objects(
                obj,
                R.FPDFFormObj_CountObjects,
                R.FPDFFormObj_GetObject,
                inner,
                lines,
                depth + 1,
                page_area,
                best,
            )
        elif kind == R.FPDF_PAGEOBJ_IMAGE and page_area > 0:
            if R.FPDFPageObj_GetBounds(obj, bx0, by0, bx1, by1):
                area = (bx1.value - bx0.value) * (by1.value - by0.value)
                if area / page_area > best[0]:
                    best[0] = area / page_area
                    pw, ph = ctypes.c_uint(), ctypes.c_uint()
                    wide = max(bx1.value - bx0.value, by1.value - by0.value)
                    got = R.FPDFImageObj_GetImagePixelSize(obj, pw, ph)
                    best[1] = 72.0 * max(pw.value, ph.value) / wide if got and wide > 0 else 0.0


def load_page(pdf: Handle, index: int) -> PageContent:
    """Read page ``index`` (0-based) of an open ``FPDF_DOCUMENT``."""
    page = R.FPDF_LoadPage(pdf, index)
    if not page:
        raise ValueError("PDFium cannot load this page")
    textpage = None
    try:
        box = _page_box(page)
        textpage = R.FPDFText_LoadPage(page)
        count = R.FPDFText_CountChars(textpage) if textpage else 0
        turns, unmapped, sampled = _text_turns(textpage, count) if count > 0 else (-1, 0, 0)
        if turns < 0:
            turns = R.FPDFPage_GetRotation(page) % 4
        frame = _Frame(box, turns)
        content = PageContent(index + 1, frame.width, frame.height, turns, unmapped=unmapped, sampled=sampled)
        if count > 0:
            content.chars = _read_chars(textpage, count, frame)
        lines = _Lines()
        best = [0.0, 0.0]
        area = (box[2] - box[0]) * (box[3] - box[1])
        _objects(
            page, R.FPDFPage_CountObjects, R.FPDFPage_GetObject, (1, 0, 0, 1, 0, 0), lines, 0, area, best
        )
        content.image_area = best[0]
        content.image_dpi = best[1] or None
        for y, x0, x1 in lines.h:
            ax, ay, bx, by = frame.rect(x0, y, x1, y)
            _add(content, ax, ay, bx, by)
        for x, y0, y1 in lines.v:
            ax, ay, bx, by = frame.rect(x, y0, x, y1)
            _add(content, ax, ay, bx, by)
        return content
    finally:
        if textpage:
            R.FPDFText_ClosePage(textpage)
        R.FPDF_ClosePage(page)


def _add(content: PageContent, x0: float, y0: float, x1: float, y1: float) -> None:
    if y1 - y0 <= x1 - x0:
        content.hlines.append(((y0 + y1) / 2, x0, x1))
    else:
        content.vlines.append(((x0 + x1) / 2, y0, y1))
