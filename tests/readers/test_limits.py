"""What one file may hold (tables, rows, cells, pages) is bounded while it is read: a file over
a limit is refused with an UnsafeFile naming the file and the limit, early, in little memory —
not after the whole grid is built.  And no XML part of an Office file may carry a DTD.

The hostile files are generated here: small on disk, huge when read."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from jixiao.errors import UnsafeFile
from jixiao.readers import read_blocks, safety

from .ooxml import docx_bytes, p, tbl, tc, tr

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "corpus" / "seed"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
        'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def xlsx_with_rows(rows, *, parts: dict[str, str] | None = None) -> bytes:
    """An .xlsx whose one sheet's ``<sheetData>`` is ``rows`` (strings, written as they come)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, text in {**XLSX_PARTS, **(parts or {})}.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for chunk in rows:
                fh.write(chunk.encode())
            fh.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def million_rows(n: int = 1_000_000):
    """``n`` rows of three cells, 10,000 rows per string."""
    for start in range(1, n + 1, 10_000):
        yield "".join(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>项目{r}</t></is></c>'
            f'<c r="B{r}"><v>{r}</v></c><c r="C{r}" t="inlineStr"><is><t>≥95%</t></is></c></row>'
            for r in range(start, min(start + 10_000, n + 1))
        )


def refused(name: str, data: bytes) -> tuple[UnsafeFile, int]:
    """Read ``data`` as ``name``: the UnsafeFile it raised and the peak of Python memory."""
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeFile) as err:
            read_blocks(name, data=data, name=name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.value.file == name and name in str(err.value)
    return err.value, peak


def unzipped(data: bytes) -> int:
    return sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())


@pytest.fixture(scope="module")
def xlsx_million() -> bytes:
    data = xlsx_with_rows(million_rows())
    assert len(data) < 20 * 2**20 and unzipped(data) > 100 * 2**20  # small on disk, under every size limit
    return data


@pytest.mark.timeout(120)
def test_an_xlsx_of_a_million_rows_is_refused_while_it_is_inflated(xlsx_million):
    err, peak = refused("百万行.xlsx", xlsx_million)
    assert "200,000" in str(err) and "JIXIAO_MAX_ROWS" in str(err) and err.where == "S"
    # It stopped inflating the sheet soon after the 200,000th of its 1,000,000 rows: the bytes it
    # held stayed a fraction of the sheet (reading all of it took ~1.4 GB).
    assert peak < unzipped(xlsx_million) * 0.35, f"peak {peak / 2**20:.0f} MB"


def test_the_row_limit_is_a_setting(monkeypatch):
    data = xlsx_with_rows(million_rows(3000))
    assert len(read_blocks("三千行.xlsx", data=data, name="三千行.xlsx")[1]) > 0
    monkeypatch.setenv("JIXIAO_MAX_ROWS", "2000")
    err, _ = refused("三千行.xlsx", data)
    assert "2,000" in str(err) and "JIXIAO_MAX_ROWS" in str(err)


@pytest.mark.parametrize(
    ("label", "cells"),
    [
        (
            "far corner",
            '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>',
        ),
        (
            "far column",
            '<row r="2"><c r="B2"><v>1</v></c><c r="XFD2"><v>2</v></c></row>' * 1
            + "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(3, 200)),
        ),
        ("no r, then far", '<row r="900000"><c><v>1</v></c></row><row><c><v>2</v></c></row>'),
        (
            "prefixed",
            f'<row r="1"><x:c xmlns:x="{MAIN}" r="A1"><x:v>1</x:v></x:c></row>'
            f'<row r="999999"><x:c xmlns:x="{MAIN}" r="ZZ999999"><x:v>2</x:v></x:c></row>',
        ),
        ("single quotes", "<row r='1'><c r='A1'><v>1</v></c><c r='XFD1048576'><v>2</v></c></row>"),
    ],
)
def test_a_sheet_reaching_far_is_refused_before_calamine_builds_its_grid(label, cells):
    """Two cells at A1 and XFD1048576 made python-calamine allocate 550 GB and abort the whole
    process.  The reader runs in a child with 2 GB of address space: refused, not killed."""
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"jixiao-far-{os.getpid()}-{abs(hash(label))}.xlsx"
    path.write_bytes(xlsx_with_rows([cells]))
    try:
        code = (
            "import resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
            "from jixiao.errors import UnsafeFile\n"
            "from jixiao.readers import read_blocks\n"
            "try:\n"
            f"    read_blocks({str(path)!r})\n"
            "except UnsafeFile as exc:\n"
            "    print('refused', exc)\n"
        )
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    finally:
        path.unlink()
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("refused") and "上限" in run.stdout, run.stdout + run.stderr[-500:]


def twenty_thousand_tables(n: int = 20_000) -> bytes:
    table = tbl(*(tr(tc("一级指标"), tc("产出指标"), tc("≥95%")) for _ in range(4)))
    body = "".join(p(f"{k}.项目{k}绩效目标表") + table for k in range(1, n + 1))
    return docx_bytes(body)


@pytest.fixture(scope="module")
def docx_20000() -> bytes:
    data = twenty_thousand_tables()
    assert len(data) < 8 * 2**20
    return data


@pytest.mark.timeout(120)
def test_a_docx_of_20000_tables_is_refused_at_the_table_limit(docx_20000, monkeypatch):
    inflated = []
    stream = safety.stream_member

    def counting(zf, member, name):  # how much of the part was inflated before the refusal
        for chunk in stream(zf, member, name):
            inflated.append(len(chunk) if member == "word/document.xml" else 0)
            yield chunk

    monkeypatch.setattr(safety, "stream_member", counting)
    err, peak = refused("两万表.docx", docx_20000)
    assert "5,000" in str(err) and "JIXIAO_MAX_TABLES" in str(err)
    document = zipfile.ZipFile(io.BytesIO(docx_20000)).getinfo("word/document.xml").file_size
    assert sum(inflated) < document * 0.3  # it stopped a chunk past table 5,001 of 20,000
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.0f} MB"


def test_a_large_docx_over_the_table_limit_is_refused_before_it_is_parsed(docx_20000, monkeypatch):
    """Its tables are counted from the inflated bytes: nothing of the body reaches the parser
    (parsing the 5,000 tables before the one over the limit took seconds to minutes)."""
    from jixiao.readers import _xmlstream

    fed = []
    feed = _xmlstream.BodyStream._feed
    monkeypatch.setattr(
        _xmlstream.BodyStream, "_feed", lambda self, chunk: fed.append(chunk) or feed(self, chunk)
    )
    err, _ = refused("两万表.docx", docx_20000)
    assert "5,000" in str(err) and "JIXIAO_MAX_TABLES" in str(err) and err.where == "word/document.xml"
    assert fed == []


@pytest.mark.parametrize(
    "hidden",
    [
        "<!--" + tbl(tr(tc("注释里的表"))) * 10 + "-->",  # not tables: a comment
        "<?note " + tbl(tr(tc("处理指令里的表"))) * 10 + "?>",  # nor in a processing instruction
    ],
)
def test_the_table_count_before_parsing_counts_only_tables(hidden, monkeypatch):
    """What only looks like a table is not counted: such a part is left to the parser."""
    monkeypatch.setattr(safety, "PRUNE_AFTER_BYTES", 200)  # (the count is for large parts only)
    monkeypatch.setenv("JIXIAO_MAX_TABLES", "3")
    body = p("标题") + hidden + tbl(tr(tc("a"), tc("b"))) * 2 + p("x" * 300)
    _, blocks = read_blocks("藏表.docx", data=docx_bytes(body), name="藏表.docx")
    assert [b.source for b in blocks] == ["段1", "表1", "表2", "段2"]
    err, _ = refused("多表.docx", docx_bytes(body.replace(hidden, "") + tbl(tr(tc("c"))) * 2))
    assert "JIXIAO_MAX_TABLES" in str(err)


def test_the_table_count_before_parsing_needs_w_bound_to_word(monkeypatch):
    monkeypatch.setattr(safety, "PRUNE_AFTER_BYTES", 200)
    monkeypatch.setenv("JIXIAO_MAX_TABLES", "1")
    elsewhere = '<v:x xmlns:v="urn:x" xmlns:w="urn:not-word">' + "<w:tbl></w:tbl>" * 5 + "</v:x>"
    body = elsewhere + tbl(tr(tc("a"))) + p("x" * 300)
    _, blocks = read_blocks("别名.docx", data=docx_bytes(body), name="别名.docx")
    assert [b.source for b in blocks] == ["表1", "段1"]


@pytest.mark.timeout(180)
def test_reading_a_large_docx_keeps_the_xml_tree_small(docx_20000, tmp_path):
    """The body is parsed as it is inflated and each finished table dropped: the lxml tree (which
    tracemalloc cannot see) never holds the document.  Peak RSS of a child reading all 20,000
    tables, against the ~1 GB the whole tree took."""
    path = tmp_path / "两万表.docx"
    path.write_bytes(docx_20000)
    code = (
        "import resource\n"
        "from jixiao.readers import read_blocks\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        f"fmt, blocks = read_blocks({str(path)!r})\n"
        "print(len(blocks), before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    env = {**os.environ, "JIXIAO_MAX_TABLES": "100000"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=170, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    n, before, after = map(int, run.stdout.split())
    assert n == 40_000  # a title and a table each
    xml = unzipped(docx_20000)
    assert (after - before) * 1024 < xml * 3, (
        f"grew {(after - before) / 1024:.0f} MB for {xml / 2**20:.0f} MB of XML"
    )


def test_one_giant_table_is_refused_while_it_grows(monkeypatch):
    monkeypatch.setattr(safety, "MAX_OPEN_XML_BYTES", 2 * 2**20)
    rows = "".join(tr(tc(f"第{r}行"), tc("x")) for r in range(60_000))
    err, _ = refused("巨表.docx", docx_bytes(tbl(rows)))
    assert "2 MB" in str(err)


def test_a_docx_wrapped_in_one_content_control_still_streams(monkeypatch):
    """A body inside one w:sdt is walked as it arrives too (the table count stops it)."""
    monkeypatch.setenv("JIXIAO_MAX_TABLES", "50")
    table = tbl(tr(tc("a"), tc("b")))
    body = "<w:sdt><w:sdtContent>" + (p("x") + table) * 200 + "</w:sdtContent></w:sdt>"
    err, _ = refused("包裹.docx", docx_bytes(body))
    assert "50" in str(err) and "JIXIAO_MAX_TABLES" in str(err)
    monkeypatch.setenv("JIXIAO_MAX_TABLES", "1000")
    _, blocks = read_blocks("包裹.docx", data=docx_bytes(body), name="包裹.docx")
    assert len(blocks) == 400 and blocks[0].source == "段1" and blocks[-1].source == "表200"


def test_text_rows_and_cells_are_limited(monkeypatch):
    monkeypatch.setenv("JIXIAO_MAX_ROWS", "1000")
    text = "\t一级指标\t二级指标\t指标值\n\n" * 5000
    err, _ = refused("长.txt", text.encode())
    assert "1,000" in str(err) and "JIXIAO_MAX_ROWS" in str(err)
    monkeypatch.setenv("JIXIAO_MAX_CELLS", "100")
    err, _ = refused(
        "宽.txt", ("\t" * 10_000 + "x\n").encode()
    )  # one line, 10,000 cells: refused before building them
    assert "JIXIAO_MAX_CELLS" in str(err)


@pytest.mark.timeout(30)
def test_a_cell_of_many_lines_is_read_in_linear_time():
    lines = "\n".join(f"第{k}行" for k in range(400_000))  # each line once copied the whole cell: minutes
    _, blocks = read_blocks("长格.txt", data=f"\t开头\n{lines}\n".encode(), name="长格.txt")
    assert blocks[0].rows[0][0].text.count("\n") == 400_000


def test_html_tables_rows_and_cells_are_counted_before_parsing(monkeypatch):
    monkeypatch.setenv("JIXIAO_MAX_CELLS", "1000")
    page = "<html><body><table>" + "<tr><td>a</td><TD>b</TD></tr>" * 600 + "</table></body></html>"
    err, _ = refused("大.html", page.encode())
    assert "JIXIAO_MAX_CELLS" in str(err)
    monkeypatch.setenv("JIXIAO_MAX_CELLS", "100000")
    monkeypatch.setenv("JIXIAO_MAX_TABLES", "3")
    err, _ = refused("多.html", ("<table><tr><td>a</td></tr></table>" * 4).encode())
    assert "JIXIAO_MAX_TABLES" in str(err)


def test_pdf_pages_are_limited_before_any_page_is_read(monkeypatch):
    data = (SEED / "seed.pdf").read_bytes()
    assert len(read_blocks("seed.pdf", data=data, name="seed.pdf")[1]) > 0
    monkeypatch.setenv("JIXIAO_MAX_PAGES", "1")
    err, _ = refused("seed.pdf", data)
    assert "JIXIAO_MAX_PAGES" in str(err) and err.where == "第2页"


def test_xls_cells_are_limited(monkeypatch):
    data = (ROOT / "tests" / "readers" / "fixtures" / "budget.xls").read_bytes()
    monkeypatch.setenv("JIXIAO_MAX_CELLS", "5")
    err, _ = refused("budget.xls", data)
    assert "JIXIAO_MAX_CELLS" in str(err)


def test_a_limit_that_is_not_a_number_is_a_config_error(monkeypatch):
    from jixiao.errors import ConfigError

    monkeypatch.setenv("JIXIAO_MAX_TABLES", "many")
    with pytest.raises(ConfigError, match="JIXIAO_MAX_TABLES"):
        read_blocks("seed.docx", data=(SEED / "seed.docx").read_bytes(), name="seed.docx")


# ---- DTDs anywhere in any XML part ---------------------------------------------------------

DTD = '<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def _with_member(data: bytes, member: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = set()
        for info in src.infolist():
            names.add(info.filename)
            dst.writestr(info.filename, content if info.filename == member else src.read(info.filename))
        if member not in names:
            dst.writestr(member, content)
    return out.getvalue()


RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"></Relationships>'
)


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@pytest.mark.parametrize(
    "member", ["_rels/.rels", "[Content_Types].xml", "word/settings.xml", "xl/_rels/workbook.xml.rels"]
)
@pytest.mark.parametrize("pad", [0, 20_000])
def test_a_dtd_in_any_xml_part_is_refused(kind, member, pad):
    """A DTD inside .rels went through (only the first 4,096 bytes of a part were searched,
    and only of the parts a reader parsed).  Now every XML part is searched, all of it."""
    data = (SEED / f"seed.{kind}").read_bytes()
    content = ("<!--" + "x" * pad + "-->" if pad else "") + DTD + RELS[len('<?xml version="1.0"?>') :]
    err, _ = refused(f"dtd.{kind}", _with_member(data, member, content.encode()))
    assert "DTD" in str(err) and err.where == member


def test_a_dtd_late_in_the_sheet_part_is_refused():
    rows = ['<row r="1"><c r="A1"><v>1</v></c></row>' * 1, "<!-- " + "y" * 3_000_000 + " -->", DTD]
    err, _ = refused("late.xlsx", xlsx_with_rows(rows))
    assert err.where == "xl/worksheets/sheet1.xml"


def test_two_members_of_one_name_are_refused():
    """python-calamine might open the member that was not checked."""
    data = (SEED / "seed.xlsx").read_bytes()
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as zf:
        zf.writestr("XL/worksheets/sheet1.xml", "<worksheet/>")
    err, _ = refused("twice.xlsx", buf.getvalue())
    assert "同名" in str(err) and "same name" in err.message("en")


def test_usual_files_still_read():
    for name in ("seed.docx", "seed.xlsx", "seed.html", "000_ef15d747a5f69479.txt", "seed.pdf"):
        _fmt, blocks = read_blocks(SEED / name)
        assert any(hasattr(b, "rows") for b in blocks), name
