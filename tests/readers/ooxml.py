"""Builders for small Office files used by the reader tests (no mocks: real zip containers)."""

from __future__ import annotations

import io
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def document_xml(body: str, prolog: str = "") -> bytes:
    """A word/document.xml whose <w:body> holds ``body`` (WordprocessingML with the w: prefix)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"{prolog}"
        f'<w:document xmlns:w="{W_NS}" xmlns:mc="{MC_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def docx_bytes(
    body: str | None = None, *, document: bytes | None = None, extra: dict[str, bytes] | None = None
) -> bytes:
    """A minimal .docx container around ``body`` (or a ready ``document`` part)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("word/document.xml", document if document is not None else document_xml(body or ""))
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def p(text: str = "") -> str:
    """One paragraph with one run."""
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>' if text else "<w:p/>"


def tc(content: str, *, span: int = 1, vmerge: str | None = None, hmerge: str | None = None) -> str:
    """A table cell; ``content`` is raw block XML (use :func:`p`), or plain text for one paragraph."""
    props = ""
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    if hmerge == "restart":
        props += '<w:hMerge w:val="restart"/>'
    elif hmerge == "continue":
        props += "<w:hMerge/>"
    if not content.startswith("<"):
        content = p(content)
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def tr(*cells: str, before: int = 0, after: int = 0) -> str:
    props = ""
    if before:
        props += f'<w:gridBefore w:val="{before}"/>'
    if after:
        props += f'<w:gridAfter w:val="{after}"/>'
    return f"<w:tr>{'<w:trPr>' + props + '</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


def tbl(*rows: str) -> str:
    return f"<w:tbl><w:tblPr/>{''.join(rows)}</w:tbl>"


def texts(table) -> list[list[str | None]]:
    """A TableBlock's dense grid as texts (None where a row is short)."""
    return [[c.text if c is not None else None for c in row] for row in table.grid()]
