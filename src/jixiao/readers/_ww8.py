"""Word 97 (.doc, the WW8 binary format): give a document that ends inside a table the
paragraph mark every document must end with.

Word always ends the main text with a paragraph mark (``\\r``) after the last table.
LibreOffice's own .doc export does not when the document ends with a table: its text then
ends with the table's last row mark (``\\x07``), and LibreOffice's .doc import (7.4, in
Debian 12) takes that mark for the document's final one and drops the whole table, its
cells run together into one paragraph.  A .doc saved by LibreOffice from a .docx whose last
element is a table reads back without that table.

:func:`end_with_paragraph` appends the missing mark, with default paragraph and character
properties, in place: into the padding after the text, and into the structures that count
the text (the FIB's ``ccpText`` and ``fcMac``, the last CP of the piece table, of the
section table and of the table-cell cache, the last FC of the character and paragraph
property pages and of their bin tables).  Anything it does not recognise it leaves alone:
the file is converted as it is.  Offsets follow [MS-DOC] (FIB, Clx, PlcBtePapx, ChpxFkp,
PapxFkp).
"""

from __future__ import annotations

import struct
from pathlib import Path

import olefile

__all__ = ["end_with_paragraph"]

_PAGE = 512  # an FKP is one 512-byte page of the WordDocument stream
_CLX, _SED, _BTE_CHPX, _BTE_PAPX, _TCH = 33, 6, 12, 13, 93  # FibRgFcLcb indices
_CELL_MARK = 0x07


class _Skip(Exception):
    """The file is not one this repair understands: leave it as it is."""


def end_with_paragraph(path: Path) -> bool:
    """Append the final paragraph mark to the .doc at ``path`` when its text ends inside a
    table; True when the file was changed."""
    try:
        with olefile.OleFileIO(str(path), write_mode=True) as ole:
            if not ole.exists("WordDocument"):
                return False
            doc = bytearray(ole.openstream("WordDocument").read())
            table_name = "1Table" if struct.unpack_from("<H", doc, 10)[0] & 0x0200 else "0Table"
            if not ole.exists(table_name):
                return False
            table = bytearray(ole.openstream(table_name).read())
            if not _repair(doc, table):
                return False
            ole.write_stream("WordDocument", bytes(doc))
            ole.write_stream(table_name, bytes(table))
            return True
    except (_Skip, OSError, struct.error, IndexError, ValueError):
        return False


def _repair(doc: bytearray, table: bytearray) -> bool:
    fib = _Fib(doc)
    if fib.other_stories:
        raise _Skip  # footnotes, headers, comments … follow the main text: out of scope
    cps, pieces, clx_at = _pieces(table, fib)
    last_cp = cps[-1]
    if last_cp != fib.ccp_text:
        raise _Skip
    fc, compressed = pieces[-1]
    width = 1 if compressed else 2
    end = fc + (last_cp - cps[-2]) * width  # the byte after the text
    last = doc[end - width : end]
    if last[0] != _CELL_MARK or any(last[1:]):
        return False  # it already ends with a paragraph mark (or something else): nothing to do
    if end != fib.fc_mac or any(doc[end : end + width]) or (end + width - 1) // _PAGE != (end - 1) // _PAGE:
        raise _Skip  # no padding after the text to write the mark into
    doc[end : end + width] = b"\r" if compressed else b"\r\x00"
    new_end = end + width
    covered = (end - width, end)  # LibreOffice leaves the last mark out of the character runs
    _add_run(doc, table, fib.fc_lcb(_BTE_CHPX), covered, new_end, papx=False)
    _add_run(doc, table, fib.fc_lcb(_BTE_PAPX), covered, new_end, papx=True)
    for index in (_SED, _TCH):
        _bump_last_cp(table, fib.fc_lcb(index), last_cp)
    struct.pack_into("<I", table, clx_at, last_cp + 1)
    fib.set_text_length(last_cp + 1, new_end)
    return True


class _Fib:
    """The parts of the File Information Block this repair reads and writes."""

    def __init__(self, doc: bytearray) -> None:
        if struct.unpack_from("<H", doc, 0)[0] != 0xA5EC:
            raise _Skip
        self.doc = doc
        csw = struct.unpack_from("<H", doc, 32)[0]
        self.lw_at = 34 + 2 * csw + 2  # FibRgLw97
        cslw = struct.unpack_from("<H", doc, self.lw_at - 2)[0]
        if cslw < 11:
            raise _Skip
        self.fclcb_at = self.lw_at + 4 * cslw + 2
        self.fclcb_count = struct.unpack_from("<H", doc, self.fclcb_at - 2)[0]
        lw = struct.unpack_from("<11i", doc, self.lw_at)
        self.ccp_text = lw[3]
        self.other_stories = any(lw[4:11])  # ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx
        self.fc_mac = struct.unpack_from("<I", doc, 28)[0]

    def fc_lcb(self, index: int) -> tuple[int, int]:
        if index >= self.fclcb_count:
            return 0, 0
        fc, lcb = struct.unpack_from("<II", self.doc, self.fclcb_at + 8 * index)
        return int(fc), int(lcb)

    def set_text_length(self, ccp: int, fc_mac: int) -> None:
        struct.pack_into("<i", self.doc, self.lw_at + 12, ccp)
        struct.pack_into("<I", self.doc, 28, fc_mac)


def _pieces(table: bytearray, fib: _Fib) -> tuple[list[int], list[tuple[int, bool]], int]:
    """The piece table: its CPs, each piece's (file offset, compressed), and where its last CP is."""
    fc, lcb = fib.fc_lcb(_CLX)
    at, stop = fc, fc + lcb
    while at < stop and table[at] == 0x01:  # Prc: property modifiers before the piece table
        at += 3 + struct.unpack_from("<h", table, at + 1)[0]
    if at >= stop or table[at] != 0x02:
        raise _Skip
    size = struct.unpack_from("<I", table, at + 1)[0]
    plc = at + 5
    n = (size - 4) // 12
    if n < 1:
        raise _Skip
    cps = list(struct.unpack_from(f"<{n + 1}I", table, plc))
    pieces = []
    for k in range(n):
        raw = struct.unpack_from("<I", table, plc + 4 * (n + 1) + 8 * k + 2)[0]
        compressed = bool(raw & 0x40000000)
        offset = raw & 0x3FFFFFFF
        pieces.append((offset // 2 if compressed else offset, compressed))
    return cps, pieces, plc + 4 * n


def _bump_last_cp(table: bytearray, where: tuple[int, int], last_cp: int) -> None:
    """Extend a PLC over the main text whose last CP is the old end of the text."""
    fc, lcb = where
    if lcb < 8:
        return
    for size in (0, 2, 4, 6, 8, 12, 16, 22, 24, 30):  # the PLC's data size decides where its CPs end
        if (lcb - 4) % (4 + size) == 0:
            n = (lcb - 4) // (4 + size)
            at = fc + 4 * n
            if struct.unpack_from("<I", table, at)[0] == last_cp:
                struct.pack_into("<I", table, at, last_cp + 1)
                return


def _add_run(
    doc: bytearray, table: bytearray, bte: tuple[int, int], covered: tuple[int, int], new_end: int, papx: bool
) -> None:
    """Give the new mark a run of its own, with no properties, in the last FKP page (whose
    runs end at one of ``covered``: the end of the text, or just before its last mark)."""
    fc, lcb = bte
    n = (lcb - 4) // 8  # PlcBte: n+1 FCs, n page numbers
    if n < 1:
        raise _Skip
    fcs_at = fc
    if struct.unpack_from("<I", table, fcs_at + 4 * n)[0] not in covered:
        raise _Skip
    page = struct.unpack_from("<I", table, fcs_at + 4 * (n + 1) + 4 * (n - 1))[0] & 0x3FFFFF
    base = page * _PAGE
    fkp = doc[base : base + _PAGE]
    crun = fkp[511]
    step = 13 if papx else 1  # BxPap (offset + PHE) or a CHPX offset byte
    rgfc = list(struct.unpack_from(f"<{crun + 1}I", fkp, 0))
    if rgfc[-1] not in covered:
        raise _Skip
    entries = fkp[4 * (crun + 1) : 4 * (crun + 1) + step * crun]
    used = min((e * 2 for e in entries[::step] if e), default=511)  # where the properties begin
    if 4 * (crun + 2) + step * (crun + 1) > used and papx:
        # no room for one more run: the paragraphs of a table share a few property sets,
        # each stored once per run; stored once each, they leave room
        fkp, used = _repack(fkp, crun)
        entries = fkp[4 * (crun + 1) : 4 * (crun + 1) + step * crun]
    if 4 * (crun + 2) + step * (crun + 1) > used:
        raise _Skip  # still no room in this page
    out = bytearray(fkp)
    struct.pack_into(f"<{crun + 2}I", out, 0, *rgfc, new_end)
    start = 4 * (crun + 2)
    out[start : start + step * crun] = entries
    out[start + step * crun : start + step * (crun + 1)] = bytes(step)  # offset 0: no properties
    out[511] = crun + 1
    doc[base : base + _PAGE] = out
    struct.pack_into("<I", table, fcs_at + 4 * n, new_end)


def _repack(fkp: bytearray, crun: int) -> tuple[bytearray, int]:
    """A PapxFkp page with each distinct paragraph property set stored once (runs sharing it
    point to the same place), packed at the page's end; and where the sets now begin."""
    bx_at = 4 * (crun + 1)
    blobs: list[bytes] = []
    for k in range(crun):
        offset = fkp[bx_at + 13 * k] * 2
        if not offset:
            blobs.append(b"")
            continue
        cb = fkp[offset]
        size = 1 + (2 * cb - 1 if cb else 1 + 2 * fkp[offset + 1])
        blobs.append(bytes(fkp[offset : offset + size]))
    out = bytearray(fkp[: bx_at + 13 * crun]) + bytearray(_PAGE - bx_at - 13 * crun)
    out[511] = crun
    placed: dict[bytes, int] = {}
    end = 511
    for k, blob in enumerate(blobs):
        if not blob:
            continue
        if blob not in placed:
            start = (end - len(blob)) & ~1  # word-aligned
            out[start : start + len(blob)] = blob
            placed[blob] = start
            end = start
        out[bx_at + 13 * k] = placed[blob] // 2
    return out, end
