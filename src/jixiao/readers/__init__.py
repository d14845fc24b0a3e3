"""Readers: one module per file format, each turning bytes into Blocks.

Every reader module exposes ``read(data: bytes, name: str) -> list[Block]`` and
knows nothing of budgets.  :func:`read_blocks` sniffs the format from the
content (not the extension alone), enforces the size limits of
:mod:`jixiao.readers.safety`, and wraps unexpected failures in a typed
:class:`~jixiao.errors.IngestError` naming the file.

Images (.png .jpg .tif) are read by OCR (:mod:`.ocr`, as are scanned PDF pages in
:mod:`.pdf`); Word 97 .doc, WPS .wps and .et are converted by LibreOffice (:mod:`.office`)
and read by the .docx / .xlsx reader, the format reported being the original one.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..blocks import Block
from ..errors import CorruptFile, JixiaoError, UnsupportedFormat
from ..text import bi
from . import safety

FORMATS = (
    "text",
    "markdown",
    "docx",
    "xlsx",
    "xls",
    "html",
    "pdf",
    "png",
    "jpeg",
    "tiff",
    "doc",
    "wps",
    "et",
)
_MODULE = {"png": "ocr", "jpeg": "ocr", "tiff": "ocr"}  # format → reader module, where they differ
_PARALLEL = frozenset({"pdf", "ocr"})  # reader modules whose read() takes ``jobs`` (pages in parallel)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EXT = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".doc": "doc",
    ".wps": "wps",
    ".et": "et",
}
_CONVERTED = frozenset({"doc", "wps", "et"})  # read after LibreOffice converts them (office.FORMATS)
_BINARY = frozenset({"docx", "xlsx", "pdf", "png", "jpeg", "tiff", "doc", "wps", "et"})


def sniff(data: bytes, name: str = "") -> str:
    """The format of ``data``: from its magic bytes, the extension breaking ties."""
    ext = _EXT.get(Path(name).suffix.lower())
    head = data[:2048]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        kind = safety.zip_kind(data, name)
        if kind:
            return kind
        raise UnsupportedFormat(
            name,
            bi("zip 压缩包，既不是 .docx 也不是 .xlsx", "a zip archive that is neither a .docx nor a .xlsx"),
        )
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(_OLE):
        return _ole_kind(data, name, ext)
    lowered = head.lower()
    if ext == "html" or b"<html" in lowered or b"<table" in lowered or b"<!doctype html" in lowered:
        return "html"
    if ext in _BINARY:
        raise CorruptFile(
            name,
            bi(
                f"扩展名为 .{ext}，但内容不是 .{ext} 文件",
                f"the extension says .{ext} but the content is not one",
            ),
        )
    if ext == "markdown":
        return "markdown"
    return "text"


def _ole_kind(data: bytes, name: str, ext: str | None) -> str:
    """An OLE compound file (Office 97–2003, WPS): which of .xls / .doc / .wps / .et it is,
    from the names of its streams (``WordDocument``, ``Workbook``), the extension breaking ties."""
    word = "WordDocument".encode("utf-16-le") in data
    book = "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data
    if (word and ext != "xls") or (not book and ext in ("doc", "wps")):
        return "wps" if ext == "wps" else "doc"
    if book or ext in ("xls", "et"):
        return "et" if ext == "et" else "xls"
    raise UnsupportedFormat(
        name,
        bi(
            "旧版 Office 文件（.ppt？），既不是文档也不是工作簿",
            "a legacy Office file (.ppt?) that is neither a document nor a workbook",
        ),
    )


def read_blocks(
    path: str | Path, data: bytes | None = None, name: str | None = None, jobs: int = 1
) -> tuple[str, list[Block]]:
    """Read a file (or its bytes) into (format, blocks).  Raises IngestError.

    ``jobs`` > 1 lets a reader that can (a scan's pages through OCR) work in parallel.
    """
    label = name or str(path)
    if data is None:
        data = safety.read_limited(Path(path), label)
    safety.check_size(len(data), label)
    if not data.strip():
        raise CorruptFile(label, bi("文件为空", "the file is empty"))
    fmt = sniff(data, label)
    try:
        if fmt in _CONVERTED:
            from . import office  # subprocess, tempfile, olefile: only for these formats

            target, converted = office.convert(data, label, fmt)
            return fmt, importlib.import_module(f".{target}", __name__).read(converted, label)
        reader = _MODULE.get(fmt, fmt)
        module = importlib.import_module(f".{reader}", __name__)
        if reader in _PARALLEL:
            return fmt, module.read(data, label, jobs=jobs)
        return fmt, module.read(data, label)
    except JixiaoError:  # an IngestError, or a ConfigError from a limit's setting
        raise
    except MemoryError as exc:  # pragma: no cover - depends on the machine
        raise safety.UnsafeFile(
            label, bi("读取此文件需要的内存过多", "the file needs too much memory to read")
        ) from exc
    except Exception as exc:  # a library choking on a malformed file
        raise CorruptFile(
            label,
            bi(
                f"无法读取此 {fmt} 文件: {type(exc).__name__}: {exc}",
                f"cannot read this {fmt} file: {type(exc).__name__}: {exc}",
            ),
        ) from exc
