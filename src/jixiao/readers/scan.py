"""A scanned page as an image → a clean, upright page and its ruling lines (扫描件预处理).

Pure image geometry with OpenCV and NumPy; no OCR here (that is :mod:`.ocr`), no text.
Steps, each cheap next to the OCR itself:

1. the red seal (公章) is whitened by colour: a pixel whose red channel stands well above
   its green and blue is ink of the stamp, not of the print (black print under the stamp
   stays black, so the table lines and the text it covers survive);
2. the page is turned upright (纠偏): the long horizontal ruling lines give the angle, a
   scan turned by more than :data:`MAX_SKEW` degrees is left as it is;
3. the ruling lines (表格线) are found by morphology: the dark pixels opened with a long
   thin kernel in each direction, each remaining stroke one segment
   ``(position, start, end)`` in pixels.  Short strokes of characters are shorter than the
   kernels; a stray one that touches no other line is dropped later by
   :func:`jixiao.readers.pdf_grid.find_tables`, which keeps only lines that cross.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from .pdf_grid import merge_lines

Image = Any  # a NumPy array (H×W×3 BGR or H×W grey): numpy's own typing is too loose to help here

MAX_SKEW = 5.0  # degrees: a page turned further is not a tilted scan (landscape pages are turned by the PDF)
SEAL_RED = 25  # red above max(green, blue) by this much is seal ink …
SEAL_LIGHT = 140  # … when its red channel is at least this light
H_KERNEL_IN = 0.30  # inch: a horizontal ruling is at least this long (longer than a "——" in a cell)
V_KERNEL_IN = 0.15  # inch: a vertical ruling at least this tall (taller than a 10.5 pt character,
# shorter than a row of one line of it)
SNAP_IN = 0.015  # inch: a vertical ruling ends this close to a horizontal one (text strokes do not)


@dataclass(slots=True)
class CleanPage:
    """An upright page without its seal, its grey image and its ruling segments (pixels)."""

    image: Image  # BGR, for the OCR
    hlines: list[tuple[float, float, float]]  # y, x0, x1 (points)
    vlines: list[tuple[float, float, float]]  # x, y0, y1 (points)
    skew: float  # degrees the scan was turned back by


def clean(image: Image, dpi: float) -> CleanPage:
    """Remove the seal, deskew, and find the ruling lines of one scanned page."""
    upright, angle = straighten(image, dpi)
    hlines, vlines = ruling_lines(upright, dpi)
    return CleanPage(upright, hlines, vlines, angle)


def straighten(image: Image, dpi: float) -> tuple[Image, float]:
    """The page as BGR without its seal, turned upright; and the angle it was turned back by."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    image = remove_seal(image)
    angle = skew_angle(_ink(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)), dpi)
    return (_rotate(image, angle) if angle else image), angle


def remove_seal(image: Image) -> Image:
    """Whiten the red of a seal: pixels whose red stands above green and blue by SEAL_RED."""
    b, g, r = cv2.split(image)
    # seal ink is a light red; black print under it stays dark, so is kept
    red = (cv2.subtract(r, cv2.max(g, b)) > SEAL_RED) & (r > SEAL_LIGHT)
    if not red.any():
        return image
    out = image.copy()
    out[red] = 255
    return out


def _ink(grey: Image) -> Image:
    """Dark pixels (ink) as 255 on 0: Otsu's threshold over the whole page."""
    return cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]


def skew_angle(ink: Image, dpi: float) -> float:
    """The angle (degrees, counter-clockwise positive as OpenCV turns) of the long horizontal
    lines of the page, weighted by length; 0 when there are none or they disagree wildly."""
    width = ink.shape[1]
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(int(dpi * H_KERNEL_IN), 15), 1))
    strokes = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(strokes, connectivity=8)
    angles: list[float] = []
    weights: list[float] = []
    for i in range(1, count):
        x, y, w, h, _area = stats[i]
        if w < width // 6:
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == i)
        points = np.column_stack([xs, ys]).astype(np.float32)
        vx, vy, _, _ = cv2.fitLine(points, cv2.DIST_L2, 0, 0.01, 0.01).ravel()
        angles.append(float(np.degrees(np.arctan2(vy, vx))))
        weights.append(float(w))
    if not angles:
        return 0.0
    angle = float(np.average(angles, weights=weights))
    if abs(angle) > MAX_SKEW or abs(angle) < 0.05:
        return 0.0
    return angle


def _rotate(image: Image, angle: float) -> Image:
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    border = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def ruling_lines(
    image: Image, dpi: float
) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """The horizontal and vertical ruling segments of an upright page, in points (1/72 inch):
    collinear pieces merged (a blurred or stamped-over ruling comes in pieces), a short
    vertical kept only when it runs from a horizontal ruling to another."""
    ink = _ink(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    hk = max(int(dpi * H_KERNEL_IN), 15)
    vk = max(int(dpi * V_KERNEL_IN), 9)
    # no closing first: it would join a character's stroke to its neighbour's, or to the ruling
    # next to it; breaks in a ruling are bridged later, between collinear segments (pdf_grid)
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hk, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vk)))
    thick = dpi / 15  # a ruling is thinner than this; a thicker stroke is a filled area
    pt = 72.0 / dpi
    hs = merge_lines([(p * pt, a * pt, b * pt) for p, a, b in _segments(h, horizontal=True, thick=thick)])
    vs = merge_lines([(p * pt, a * pt, b * pt) for p, a, b in _segments(v, horizontal=False, thick=thick)])
    tall = 72.0 * 2 * V_KERNEL_IN  # no character has a stroke this tall
    return hs, [s for s in vs if s[2] - s[1] >= tall or _anchored(s, hs, 72.0 * SNAP_IN)]


def _anchored(v: tuple[float, float, float], hs: list[tuple[float, float, float]], snap: float) -> bool:
    """Does a vertical segment run from a horizontal ruling to another (a ruling), rather than
    end in the open (a character's stroke, a tall bracket)?"""
    x, top, bottom = v
    ends = [False, False]
    for y, a, b in hs:
        if a - snap <= x <= b + snap:
            ends[0] = ends[0] or abs(y - top) <= snap
            ends[1] = ends[1] or abs(y - bottom) <= snap
    return ends[0] and ends[1]


def _segments(mask: Image, horizontal: bool, thick: float) -> list[tuple[float, float, float]]:
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[tuple[float, float, float]] = []
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if horizontal:
            if area / w > thick:
                continue
            out.append((y + h / 2, float(x), float(x + w)))
        else:
            if area / h > thick:
                continue
            out.append((x + w / 2, float(y), float(y + h)))
    return out


def lone_mark(dark: Image) -> str | None:
    """A comparison mark alone in a cell (指标性质 ``≥`` ``≤`` ``=``) told by its shape, or None.

    ``dark`` is the cell's ink (non-zero) cut close around it.  The recogniser, given one mark
    with no line of text around it, reads ``≥`` as ``N`` or ``M`` (it learnt the sign inside
    text), so the shape decides: a flat bar under a chevron of the same width is ``≥`` when
    the chevron's point is on the right, ``≤`` on the left; under another flat bar, ``=``.
    Anything else (one stroke, a character, two bars of unequal width) is None."""
    count, _labels, stats, _ = cv2.connectedComponentsWithStats((dark > 0).astype(np.uint8))
    parts = sorted((s for s in stats[1:] if s[4] >= 4), key=lambda s: int(s[1]))  # not specks
    if len(parts) != 2:
        return None
    (tx, ty, tw, th, _), (bx, by, bw, bh, _) = (map(int, p) for p in parts)
    flat = bw >= 3 * bh
    same_width = abs(bw - tw) <= 0.35 * bw and abs(bx - tx) <= 0.35 * bw
    if not (flat and same_width and by >= ty + th - 1):
        return None
    if tw >= 3 * th:
        return "="
    if th < 0.4 * tw:
        return None
    row = np.nonzero(dark[ty + th // 2, tx : tx + tw])[0]  # the chevron's middle row: its point
    if not row.size:
        return None
    at = float(row.mean()) / max(tw - 1, 1)
    return "≥" if at > 0.6 else "≤" if at < 0.4 else None
