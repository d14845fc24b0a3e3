"""Hostile and broken Office files: each a typed IngestError naming the file, quickly and in little memory."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import openpyxl
import pytest

from jixiao.errors import CorruptFile, IngestError, UnsafeFile
from jixiao.readers import read_blocks

from .ooxml import CONTENT_TYPES, document_xml, docx_bytes, p

BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
XXE = '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _read(name: str, data: bytes) -> IngestError:
    """Read ``data`` as the file ``name``; return the IngestError it raised (it must raise)."""
    tracemalloc.start()
    try:
        with pytest.raises(IngestError) as err:
            read_blocks(name, data=data, name=name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20, f"reading {name} peaked at {peak / 2**20:.0f} MB"
    assert err.value.file == name and name in str(err.value)
    return err.value


def _xlsx() -> bytes:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "项目名称"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _replace_member(data: bytes, member: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == member else src.read(info.filename))
    return out.getvalue()


@pytest.mark.timeout(30)
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_truncated_container_is_corrupt(kind):
    data = docx_bytes(p("正文") * 200) if kind == "docx" else _xlsx()
    err = _read(f"截断.{kind}", data[: len(data) // 2])
    assert isinstance(err, CorruptFile)


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("label", "prolog", "body"),
    [
        ("billion-laughs", BILLION_LAUGHS, "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"),
        ("xxe", XXE, "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>"),
        # a DTD pushed past the head of the part by a long comment
        (
            "late-dtd",
            "<!--" + "x" * 10000 + "-->" + BILLION_LAUGHS,
            "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>",
        ),
    ],
)
def test_docx_with_entities_is_unsafe(label, prolog, body):
    err = _read(f"{label}.docx", docx_bytes(document=document_xml(body, prolog=prolog)))
    assert isinstance(err, UnsafeFile)
    assert "root:" not in str(err)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("pad", [0, 10000])
def test_xlsx_sheet_with_entities_is_unsafe(pad):
    data = _xlsx()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    head, _, rest = sheet.partition(b"<worksheet")
    evil = head + b"<!--" + b"x" * pad + b"-->" + BILLION_LAUGHS.encode() + b"<worksheet" + rest
    err = _read("实体.xlsx", _replace_member(data, "xl/worksheets/sheet1.xml", evil))
    assert isinstance(err, UnsafeFile)


def _zeros_member(name: str, size: int) -> bytes:
    """A zip whose ``name`` member is ``size`` zero bytes, deflated, written in streaming chunks."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        chunk = bytes(1 << 20)
        with zf.open(name, "w") as fh:
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return buf.getvalue()


def _lie_about_size(data: bytes, member: str, declared: int) -> bytes:
    """Rewrite the local and central headers of ``member`` to declare ``declared`` bytes."""
    out = bytearray(data)
    raw = member.encode()
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := out.find(sig, start)) >= 0:
            name_at = at + (30 if sig == b"PK\x03\x04" else 46)
            if out[name_at : name_at + len(raw)] == raw:
                struct.pack_into("<I", out, at + offset, declared)
            start = at + 4
    return bytes(out)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _zeros_member("word/document.xml", 300 * 2**20)


@pytest.mark.timeout(60)
def test_zip_bomb_is_unsafe(bomb):
    assert len(bomb) < 2 * 2**20
    err = _read("炸弹.docx", bomb)
    assert isinstance(err, UnsafeFile)


@pytest.mark.timeout(60)
def test_zip_bomb_lying_about_its_size_is_unsafe(bomb):
    # zipfile stops inflating at the declared size, so the lie shows as a bad checksum:
    # rejected, in bounded memory, with the part named.
    err = _read("说谎.docx", _lie_about_size(bomb, "word/document.xml", 4096))
    assert isinstance(err, CorruptFile | UnsafeFile)
    assert err.where == "word/document.xml"


@pytest.mark.timeout(30)
def test_docx_that_is_a_text_file_is_rejected():
    err = _read("其实是文本.docx", "1.市外办履职保障经费绩效目标表\n".encode())
    assert isinstance(err, CorruptFile)


@pytest.mark.timeout(30)
def test_malformed_document_xml_is_corrupt_and_names_the_part():
    err = _read("坏.docx", docx_bytes(document=b"<w:document><w:body><w:p></w:body>"))
    assert isinstance(err, CorruptFile)
    assert err.where == "word/document.xml"


@pytest.mark.timeout(30)
def test_xlsx_missing_sheet_part_is_corrupt():
    data = _xlsx()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info.filename, src.read(info.filename))
    err = _read("缺表.xlsx", out.getvalue())
    assert isinstance(err, CorruptFile)
    assert "xl/worksheets/sheet1.xml" in str(err)


@pytest.mark.timeout(30)
def test_xlsx_with_garbage_sheet_is_corrupt():
    err = _read("乱码.xlsx", _replace_member(_xlsx(), "xl/worksheets/sheet1.xml", b"\x00\x01not xml at all"))
    assert isinstance(err, CorruptFile)
