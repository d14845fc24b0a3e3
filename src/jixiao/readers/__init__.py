"""Readers: one module per file format, each turning bytes into Blocks.

Every reader module exposes ``read(data: bytes, name: str) -> list[Block]`` and
knows nothing of budgets.  :func:`read_blocks` sniffs the format from the
content (not the extension alone), enforces the size limits of
:mod:`jixiao.readers.safety`, and wraps unexpected failures in a typed
:class:`~jixiao.errors.IngestError` naming the file.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..blocks import Block
from ..errors import CorruptFile, JixiaoError, UnsupportedFormat
from . import safety

FORMATS = ("text", "markdown", "docx", "xlsx", "xls", "html", "pdf")
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
}


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
        raise UnsupportedFormat(name, "a zip archive that is neither a .docx nor a .xlsx")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if ext == "xls" or b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in data[:65536] or ext is None:
            if b"W\x00o\x00r\x00d\x00D\x00o\x00c" in data[:200000] and ext != "xls":
                raise UnsupportedFormat(name, "a legacy Word .doc file; save it as .docx first")
            return "xls"
        raise UnsupportedFormat(name, "a legacy Office file (.doc/.ppt); save it as .docx or .xlsx")
    lowered = head.lower()
    if ext == "html" or b"<html" in lowered or b"<table" in lowered or b"<!doctype html" in lowered:
        return "html"
    if ext in ("docx", "xlsx", "pdf"):
        raise CorruptFile(name, f"the extension says .{ext} but the content is not one")
    if ext == "markdown":
        return "markdown"
    return "text"


def read_blocks(
    path: str | Path, data: bytes | None = None, name: str | None = None
) -> tuple[str, list[Block]]:
    """Read a file (or its bytes) into (format, blocks).  Raises IngestError."""
    label = name or str(path)
    if data is None:
        data = safety.read_limited(Path(path), label)
    safety.check_size(len(data), label)
    if not data.strip():
        raise CorruptFile(label, "the file is empty")
    fmt = sniff(data, label)
    module = importlib.import_module(f".{fmt}", __name__)
    try:
        return fmt, module.read(data, label)
    except JixiaoError:  # an IngestError, or a ConfigError from a limit's setting
        raise
    except MemoryError as exc:  # pragma: no cover - depends on the machine
        raise safety.UnsafeFile(label, "the file needs too much memory to read") from exc
    except Exception as exc:  # a library choking on a malformed file
        raise CorruptFile(label, f"cannot read this {fmt} file: {type(exc).__name__}: {exc}") from exc
