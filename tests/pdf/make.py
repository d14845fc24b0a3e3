"""Build the PDFs the PDF-reader tests need: real files, made the way real ones are made.

- :func:`write_pdf` writes a PDF by hand (objects + cross-reference table), for what no
  library here can produce: a font without a Unicode mapping, an encrypted file.
- :func:`rotated`, :func:`lines_only` and :func:`scanned` use PDFium itself (pypdfium2)
  to build pages the way a printer driver or a scanner does.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import struct

import pypdfium2 as pdfium
import pypdfium2.raw as R


def write_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF from object bodies numbered 1, 2, …; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _page(contents: bytes, font: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        _stream(contents),
        font,
    ]


def unmapped_font() -> bytes:
    """A ruled table whose text uses a CID font with no /ToUnicode and no known encoding.

    The glyph codes are glyph ids of a subset font; nothing maps them to characters
    (what a scanned-then-"vectorised" or badly exported PDF looks like).
    """
    glyphs = b"<" + b"".join(b"%04X" % (0x21 + i) for i in range(20)) + b">"
    contents = (
        b"BT /F1 12 Tf 80 700 Td " + glyphs + b" Tj ET\n"
        b"BT /F1 12 Tf 80 680 Td " + glyphs + b" Tj ET\n"
        b"0.5 w 72 720 m 540 720 l S 72 670 m 540 670 l S 72 720 m 72 670 l S 540 720 m 540 670 l S"
    )
    objects = _page(
        contents,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Subset /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>",
    )
    objects += [
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Subset /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /ABCDEF+Subset /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        b"/Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    return write_pdf(objects)


# -- the standard security handler, revision 2 (PDF 1.4 §3.5): RC4 with a 40-bit key
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted(user_password: bytes = b"secret", text: bytes = b"hello") -> bytes:
    """A PDF encrypted with a user password: it opens only with ``user_password``."""
    file_id = hashlib.md5(b"jixiao").digest()
    perms = -4
    o = _rc4(hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5], (user_password + _PAD)[:32])
    key = hashlib.md5((user_password + _PAD)[:32] + o + struct.pack("<i", perms) + file_id).digest()[:5]
    u = _rc4(key, _PAD)
    contents = b"BT /F1 12 Tf 72 700 Td (" + text + b") Tj ET"
    object_key = hashlib.md5(key + struct.pack("<i", 4)[:3] + b"\0\0").digest()[:10]  # object 4, generation 0
    objects = _page(_rc4(object_key, contents), b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (o.hex().encode(), u.hex().encode(), perms)
    )
    ids = file_id.hex().encode()
    return write_pdf(objects, b"/Encrypt 6 0 R /ID [<%s><%s>] " % (ids, ids))


def _save(pdf: pdfium.PdfDocument) -> bytes:
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def rotated(src: bytes, index: int, rotate: int, *, turn_content: bool = True) -> bytes:
    """Page ``index`` of ``src`` on a page with ``/Rotate rotate`` (90 or 270).

    With ``turn_content`` the page is drawn turned the other way inside a form XObject,
    so that it *displays* upright — how a landscape table reaches a portrait page.
    Without it, only ``/Rotate`` is set and the page displays sideways.
    """
    source = pdfium.PdfDocument(src)
    w, h = source.get_page_size(index)
    out = pdfium.PdfDocument.new()
    if not turn_content:
        out.import_pages(source, [index])
        out[0].set_rotation(rotate)
        return _save(out)
    xobject = source.page_as_xobject(index, out)
    page = out.new_page(h, w)
    obj = xobject.as_pageobject()
    if rotate == 90:
        obj.transform(pdfium.PdfMatrix(0, 1, -1, 0, h, 0))  # (x, y) → (h − y, x)
    else:
        obj.transform(pdfium.PdfMatrix(0, -1, 1, 0, 0, w))  # (x, y) → (y, w − x)
    page.insert_obj(obj)
    page.gen_content()
    page.set_rotation(rotate)
    return _save(out)


def lines_only() -> bytes:
    """A ruled 3×3 grid and no text at all (a table drawn, the text layer missing)."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(612, 792)
    for i in range(4):
        for x0, y0, x1, y1 in ((72, 700 - 30 * i, 372, 700 - 30 * i), (72 + 100 * i, 700, 72 + 100 * i, 610)):
            path = R.FPDFPageObj_CreateNewPath(x0, y0)
            R.FPDFPath_LineTo(path, x1, y1)
            R.FPDFPageObj_SetStrokeWidth(path, 0.5)
            R.FPDFPageObj_SetStrokeColor(path, 0, 0, 0, 255)
            R.FPDFPath_SetDrawMode(path, 0, True)
            R.FPDFPage_InsertObject(page.raw, path)
    page.gen_content()
    return _save(pdf)


def scanned(text_first: bytes | None = None) -> bytes:
    """A page that is one big image (a scan); after page 1 of ``text_first`` when given."""
    pdf = pdfium.PdfDocument.new()
    if text_first is not None:
        pdf.import_pages(pdfium.PdfDocument(text_first), [0])
    page = pdf.new_page(612, 792)
    bitmap = pdfium.PdfBitmap.new_native(120, 160, R.FPDFBitmap_BGR)
    bitmap.fill_rect((230, 230, 230, 255), 0, 0, 120, 160)
    image = pdfium.PdfImage.new(pdf)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(540, 720).translate(36, 36))
    page.insert_obj(image)
    page.gen_content()
    return _save(pdf)


def char_count(data: bytes) -> int:
    """How many characters PDFium's text layer has on page 1 (to check a fixture is what it claims)."""
    pdf = pdfium.PdfDocument(data)
    textpage = pdf[0].get_textpage()
    return R.FPDFText_CountChars(textpage.raw) if textpage else 0


__all__ = ["char_count", "encrypted", "lines_only", "rotated", "scanned", "unmapped_font", "write_pdf"]


def _text(
    pdf: pdfium.PdfDocument, page: pdfium.PdfPage, text: str, x: float, y: float, size: float = 10
) -> None:
    obj = R.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", size)
    encoded = (text + "\0").encode("utf-16-le")
    buf = ctypes.create_string_buffer(encoded, len(encoded))
    R.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    R.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    R.FPDFPage_InsertObject(page.raw, obj)


def filled_rule_grid(
    cells: list[tuple[str, float, float, float, float]], rules: list[tuple[float, float, float, float]]
) -> bytes:
    """A table whose rulings are thin *filled rectangles* (how Word and Chrome draw borders).

    ``rules`` are (x0, y0, x1, y1) rectangles; ``cells`` are (text, x, y) baselines plus unused
    box values — the text is written with the standard Helvetica font.
    """
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(612, 792)
    for x0, y0, x1, y1 in rules:
        rect = R.FPDFPageObj_CreateNewRect(x0, y0, x1 - x0, y1 - y0)
        R.FPDFPageObj_SetFillColor(rect, 0, 0, 0, 255)
        R.FPDFPath_SetDrawMode(rect, R.FPDF_FILLMODE_WINDING, False)
        R.FPDFPage_InsertObject(page.raw, rect)
    for text, x, y, *_ in cells:
        _text(pdf, page, text, x, y)
    page.gen_content()
    return _save(pdf)
