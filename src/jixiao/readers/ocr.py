"""Scans → Blocks: scanned PDF pages and images (.png .jpg .tif) read by OCR (文字识别).

A page image is cleaned (seal removed, deskewed, ruling lines found: :mod:`.scan`), its
text boxes are read by RapidOCR (PP-OCRv4 models shipped inside the ``rapidocr-onnxruntime``
wheel: nothing is downloaded), a box with a weak Chinese character, or wider than its characters,
is read again by PP-OCRv5's recogniser (:mod:`.ocr_second`: traditional and rare characters, a
dropped 、 or bracket), and each box becomes glyphs of a
:class:`~jixiao.readers.pdf_page.PageContent` in points, as if the page had a text layer.
From there the PDF reader's own geometry takes over (:func:`jixiao.readers.pdf_layout.page_items`
and :func:`~jixiao.readers.pdf_layout.stitch`): cells from the ruling lines, merged cells from the
geometry, text assigned to cells, tables stitched across pages.  So a scan gives the same
Blocks as the printed PDF it was made from.

Each cell keeps its OCR confidence (the lowest of its boxes); a cell below
:data:`LOW_CONFIDENCE` becomes a JX903 note naming the page and the cell.

This is the optional extra ``jixiao[ocr]``; without it a scan raises
:class:`~jixiao.errors.MissingDependency` naming the extra to install.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..blocks import Block, Note, TableBlock
from ..errors import CorruptFile, MissingDependency
from ..text import bi
from .pdf_page import PageContent

__all__ = ["read", "read_pages", "mend", "LOW_CONFIDENCE"]

LOW_CONFIDENCE = 0.80  # a cell whose weakest OCR box scored below this is worth a person's look
MIN_SCORE = 0.30  # boxes RapidOCR scores below this are noise (specks), not text
NARROW = 0.55  # a half-width character's share of a full-width one, to place glyphs in a box
FULL_WIDTH = 0.92  # ems: a full-width punctuation mark is one em wide; one printed narrower is ASCII
FULL_ROOM = 1.05  # ems between the two characters around a full-width mark: its em and their sides
# OCR reads punctuation after a Chinese character as full-width; printed half-width, it is ASCII
_HALF = {"：": ":", "，": ",", "（": "(", "）": ")", "；": ";", "！": "!", "？": "?"}
_CONFUSED = {"丶": "、"}  # a radical OCR reads for the enumeration comma, never printed in these forms
TEXT_BOX_INCH = 0.17  # the height of an OCR box around a line of 10.5 pt text (小五/五号)
MAX_PIXELS = 60_000_000  # one page image larger than this (≈ A4 at 900 dpi) is refused
INSTALL_HINT = "pip install 'jixiao[ocr]'"

# RapidOCR's settings: no angle classifier (pages are deskewed and upright), detection at the
# page's own resolution.  Two engines may run at once (pages in parallel): one per thread.
ENGINE_SETTINGS: dict[str, Any] = {"use_cls": False, "text_score": MIN_SCORE, "print_verbose": False}

_local = threading.local()


def require() -> None:
    """Raise MissingDependency (naming the extra) when the OCR stack is not installed."""
    try:
        import cv2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError as exc:
        raise MissingDependency(
            None,
            bi(
                f"读取扫描件需要 OCR 组件，请安装：{INSTALL_HINT}",
                f"reading a scan needs the OCR extra; install it: {INSTALL_HINT} ({exc.name} is missing)",
            ),
        ) from exc


def engine(threads: int = 0) -> Any:
    """This thread's RapidOCR engine (made once; ``threads`` 0 lets ONNX Runtime choose)."""
    eng = getattr(_local, "engine", None)
    if eng is None:
        from rapidocr_onnxruntime import RapidOCR

        settings = dict(ENGINE_SETTINGS)
        if threads:
            settings["intra_op_num_threads"] = threads
        eng = _local.engine = RapidOCR(**settings)
    return eng


# ---------------------------------------------------------------- one page


def ocr_page(image: Any, number: int, dpi: float | None, threads: int = 0) -> PageContent:
    """One page image → its glyphs (OCR boxes) and ruling lines, in points, like a PDF page.

    ``dpi`` None (an image that does not state its resolution: a screenshot, a crop) is
    measured from the text itself: body text reads at about :data:`TEXT_BOX_INCH` a line."""
    from .ocr_ink import SHAPE_SCORE, mark_in_box, read_missed_cells
    from .ocr_second import second_look
    from .scan import ruling_lines, straighten

    upright, _ = straighten(image, dpi or _a4_dpi(image))
    result, _ = engine(threads)(upright, return_word_box=True)
    lines = [_Line(*item) for item in result or ()]
    for line in lines:
        if mark := mark_in_box(upright, line.x0, line.y0, line.x1, line.y1, line.text):
            line.text, line.score, line.words = mark, max(line.score, SHAPE_SCORE), []
    em = _em(lines)
    second_look(upright, lines, em, threads, first=engine(threads).text_rec)
    if dpi is None:
        dpi = _text_dpi(lines) or _a4_dpi(image)
    scale = 72.0 / dpi
    h, w = upright.shape[:2]
    content = PageContent(number, w * scale, h * scale, 0)
    content.hlines, content.vlines = ruling_lines(upright, dpi)
    page_half = _page_brackets(lines, em)
    scores: dict[tuple[str, float, float, float, float], float] = {}
    for line in lines:
        for text, x0, y0, x1, y1, score in line.pieces(em, page_half):
            for g in _glyphs(text, x0 * scale, y0 * scale, x1 * scale, y1 * scale):
                scores[g] = min(score, scores.get(g, 1.0))
                content.chars.append(g)
    content.scores = scores
    boxes = [(line.x0, line.y0, line.x1, line.y1) for line in lines]
    for text, box, score in read_missed_cells(upright, content, dpi, engine(threads), MIN_SCORE, boxes):
        for g in _glyphs(text, *box):
            content.chars.append(g)
            scores[g] = score
    return content


class _Line:
    """One text box RapidOCR read: its text, score, and the box of each character (a CJK
    character alone, a run of Latin letters or digits together)."""

    def __init__(
        self, box: Any, text: str, score: float, boxes: Any = None, words: Any = None, word_scores: Any = None
    ) -> None:
        self.text, self.score = text, float(score)
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        self.x0, self.y0, self.x1, self.y1 = float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys))
        self.words: list[tuple[str, float, float, float]] = []  # text, x0, x1, score
        if words and boxes and len(words) == len(boxes) and "".join(words) == text.replace(" ", ""):
            scores = word_scores if word_scores and len(word_scores) == len(words) else [score] * len(words)
            for word, wbox, wscore in zip(words, boxes, scores, strict=True):
                wx = [p[0] for p in wbox]
                self.words.append((word, float(min(wx)), float(max(wx)), float(wscore)))

    def pieces(
        self, em: float | None, page_half: bool | None = None
    ) -> Iterator[tuple[str, float, float, float, float, float]]:
        """(text, x0, y0, x1, y1, score) of each character or word, or of the whole box when the
        characters were not placed; full-width punctuation printed half-width made half-width."""
        if not self.words:
            yield self.text, self.x0, self.y0, self.x1, self.y1, self.score
            return
        at = 0  # where in the text the next word starts: a space before it is a real gap
        spaced = []
        for word, *_ in self.words:
            found = self.text.find(word, at)
            spaced.append(found > at and not self.text[at:found].strip())
            at = (found if found >= 0 else at) + len(word)
        texts = _widths(self.words, em, page_half) if em else [w for w, *_ in self.words]
        texts = _stops(_quotes(texts))
        for k, (word, (_, x0, x1, score)) in enumerate(zip(texts, self.words, strict=True)):
            if k + 1 < len(self.words) and not spaced[k + 1]:
                x1 = max(x1, self.words[k + 1][1])  # no space read there: the glyphs touch
            yield _CONFUSED.get(word, word), x0, self.y0, x1, self.y1, min(score, self.score)


def _widths(
    words: list[tuple[str, float, float, float]], em: float, page_half: bool | None = None
) -> list[str]:
    """The words, a punctuation mark OCR read as full-width made ASCII where it was printed
    narrow: measured as the room between its neighbours, under :data:`FULL_ROOM` ems (a
    bracket's ink is narrow either way), else as its own width, under :data:`FULL_WIDTH`.  A
    bracket at the edge of the box follows the box's other brackets, else the page's
    (``page_half``, :func:`_page_brackets`): a document prints its brackets one way."""
    out = [w for w, *_ in words]
    brackets: list[bool] = []
    edge: list[int] = []
    for k, (word, x0, x1, _) in enumerate(words):
        if word in "()":
            brackets.append(True)  # read half-width as it is
        if word not in _HALF:
            continue
        if 0 < k < len(words) - 1:
            half = words[k + 1][1] - words[k - 1][2] < FULL_ROOM * em
        elif word in "（）":
            edge.append(k)
            continue
        else:
            half = x1 - x0 < FULL_WIDTH * em
        if word in "（）":
            brackets.append(half)
        if half:
            out[k] = _HALF[word]
    if all(brackets) if brackets else page_half:
        for k in edge:
            out[k] = _HALF[out[k]]
    return out


def _page_brackets(lines: list[_Line], em: float | None) -> bool | None:
    """Does the page print its brackets half-width?  The vote of the brackets measured between
    two neighbours (None: none was, or as many either way)."""
    if not em:
        return None
    votes = 0
    for line in lines:
        words = line.words
        for k in range(1, len(words) - 1):
            if words[k][0] in "（）":
                votes += 1 if words[k + 1][1] - words[k - 1][2] < FULL_ROOM * em else -1
    return None if votes == 0 else votes > 0


def _quotes(words: list[str]) -> list[str]:
    """Two closing quotes in a box with no opening one: OCR misread the first (“一带一路”)."""
    if words.count("”") == 2 and "“" not in words:
        words = list(words)
        words[words.index("”")] = "“"
    return words


def _stops(words: list[str]) -> list[str]:
    """A ``°`` after a Chinese character is the full stop OCR misread (``以上°``): a degree
    sign follows a number."""
    if "°" not in words:
        return words
    return ["。" if w == "°" and k and _is_cjk(words[k - 1][-1]) else w for k, w in enumerate(words)]


def _em(lines: list[_Line]) -> float | None:
    """The median width of a Chinese character on the page (one em of its body text)."""
    widths = sorted(x1 - x0 for line in lines for w, x0, x1, _ in line.words if len(w) == 1 and _is_cjk(w))
    return widths[len(widths) // 2] if len(widths) >= 5 else None


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _text_dpi(lines: list[_Line]) -> float | None:
    """The resolution at which the median height of the text boxes is TEXT_BOX_INCH."""
    heights = sorted(line.y1 - line.y0 for line in lines if len(line.text) >= 2)
    if len(heights) < 5:
        return None
    return min(max(heights[len(heights) // 2] / TEXT_BOX_INCH, 72.0), 1200.0)


def _glyphs(
    text: str, x0: float, y0: float, x1: float, y1: float
) -> Iterator[tuple[str, float, float, float, float]]:
    """Spread a box's text over its width, a full-width character twice a half-width one."""
    text = text.strip()
    if not text:
        return
    widths = [1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else NARROW for ch in text]
    unit = (x1 - x0) / sum(widths)
    x = x0
    for ch, wd in zip(text, widths, strict=True):
        nx = x + wd * unit
        yield (ch, x, y0, nx, y1)
        x = nx


def read_pages(
    images: Sequence[tuple[int, Any, float | None]], name: str, jobs: int = 1
) -> dict[int, PageContent]:
    """OCR page images ``(number, image, dpi)``, ``jobs`` at a time (threads: ONNX Runtime and
    OpenCV release the GIL); each thread has its own engine."""
    require()
    if jobs <= 1 or len(images) <= 1:
        return {n: ocr_page(img, n, dpi) for n, img, dpi in images}
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="jixiao-ocr") as pool:
        done = pool.map(lambda item: ocr_page(item[1], item[0], item[2], threads=1), images)
        return {page.number: page for page in done}


def mend(blocks: list[Block]) -> None:
    """What OCR read, set right once the cells are whole: each cell's bracket pairs
    (:func:`pair_brackets`); then a JX903 note for each cell read with low confidence."""
    for block in blocks:
        if isinstance(block, TableBlock):
            for row in block.rows:
                for cell in row:
                    if cell.confidence is not None:
                        cell.text = pair_brackets(cell.text)
    low_confidence_notes(blocks)


def pair_brackets(text: str) -> str:
    """A bracket pair read one half-width, one full-width (``率(参保率）``) made half-width both.

    Each bracket is judged by the room it takes in its own text box (:func:`_widths`), and a
    cell's text wraps over several boxes: one of a pair at a box's edge has no room to measure.
    OCR reads brackets after Chinese as full-width, so the half-width one of a mixed pair is
    what was printed."""
    if not any(ch in "（）" for ch in text) or not any(ch in "()" for ch in text):
        return text
    out = list(text)
    opened: list[int] = []
    for k, ch in enumerate(text):
        if ch in "(（":
            opened.append(k)
        elif ch in ")）" and opened:
            start = opened.pop()
            if (text[start] == "(") != (ch == ")"):
                out[start], out[k] = "(", ")"
    return "".join(out)


def low_confidence_notes(blocks: list[Block]) -> None:
    """Attach a JX903 note to each table for each of its cells OCR read with low confidence."""
    for block in blocks:
        if not isinstance(block, TableBlock):
            continue
        for row in block.rows:
            for cell in row:
                if cell.confidence is not None and cell.confidence < LOW_CONFIDENCE and cell.text:
                    block.notes.append(
                        Note(
                            "JX903",
                            bi(
                                f"单元格识别置信度低（{cell.confidence:.2f}），请核对「{cell.text}」",
                                f"low OCR confidence ({cell.confidence:.2f}) for a cell: please check “{cell.text}”",
                            ),
                            cell.source,
                        )
                    )


# ---------------------------------------------------------------- images


def read(data: bytes, name: str, jobs: int = 1) -> list[Block]:
    """Read an image file (.png .jpg .tif; a multi-page TIFF is several pages) by OCR."""
    require()
    from .pdf_layout import page_items, stitch

    images = [(i + 1, img, dpi) for i, (img, dpi) in enumerate(decode_image(data, name))]
    pages = read_pages(images, name, jobs)
    blocks = stitch([page_items(pages[n]) for n, _, _ in images])
    mend(blocks)
    return blocks


def decode_image(data: bytes, name: str) -> list[tuple[Any, float | None]]:
    """The pages of an image file with the resolution the file states (None: measured later)."""
    import cv2
    import numpy as np

    buf = np.frombuffer(data, dtype=np.uint8)
    ok, pages = cv2.imdecodemulti(buf, cv2.IMREAD_COLOR)
    if not ok or not pages:
        raise CorruptFile(
            name, bi("图像无法解码（文件损坏？）", "the image cannot be decoded (a damaged file?)")
        )
    dpi = _stated_dpi(data)
    out = []
    for img in pages:
        h, w = img.shape[:2]
        if h * w > MAX_PIXELS:
            raise CorruptFile(
                name, bi(f"图像过大（{w}×{h} 像素）", f"the image is too large ({w}×{h} pixels)")
            )
        out.append((img, dpi))
    return out


def _a4_dpi(image: Any) -> float:
    """The resolution at which an image would be an A4 page (portrait or landscape)."""
    return max(float(min(image.shape[:2])) / 8.27, 72.0)


def _stated_dpi(data: bytes) -> float | None:
    """The resolution a PNG (pHYs) or JPEG (JFIF) states, when it states a plausible one."""
    import struct

    dpi: float | None = None
    if data.startswith(b"\x89PNG"):
        at = data.find(b"pHYs", 0, 1 << 16)
        if at > 0:
            x, _y, unit = struct.unpack(">IIB", data[at + 4 : at + 13])
            dpi = x * 0.0254 if unit == 1 else None
    elif data.startswith(b"\xff\xd8") and data[6:11] == b"JFIF\x00":
        unit, x = data[13], struct.unpack(">H", data[14:16])[0]
        dpi = float(x) if unit == 1 else x * 2.54 if unit == 2 else None
    return dpi if dpi and 100 <= dpi <= 1200 else None
