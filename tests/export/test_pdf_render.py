"""The PDF is a real printed form: CJK glyphs mapped and embedded, pages rendered, headers repeated."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium

from jixiao.export import export_document, export_table
from jixiao.model import Document, Indicator, Party, Project, Table
from jixiao.values import parse_value

from .helpers import ARTIFACTS, CORPUS, load_expected


def _page_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for page in doc:
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return out
    finally:
        doc.close()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_seed_pdf_has_mapped_embedded_noto_cjk_and_renders(tmp_path: Path) -> None:
    seed = Document.from_dict(load_expected(CORPUS / "seed" / "expected.json"))
    pdf = tmp_path / "seed.pdf"
    pdf.write_bytes(export_document(seed, "pdf"))

    # page 1 to PNG for a person to look at (tests/_artifacts/ is git-ignored)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    png_base = ARTIFACTS / "export-seed-page1"
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png_base)],
        check=True,
        timeout=60,
    )
    png = png_base.with_suffix(".png")
    assert png.stat().st_size > 5000

    # the text layer maps back to Unicode: the project name, the labels, the values
    pages = _page_texts(pdf.read_bytes())
    first = _squash(pages[0])
    for expected in (
        "市外办履职保障经费",
        "302101天津市人民政府外事办公室",
        "预算规模及资金用途",
        "一级指标",
        "≥10人次",
    ):
        assert expected in first, expected
    assert "\ufffd" not in pages[0] and "\x00" not in pages[0]
    assert len(pages) == len(seed.tables)  # one form per page

    # every font is embedded, and the CJK one is Noto CJK from fonts-noto-cjk
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows, fonts
    assert any("Noto" in r[0] and "CJK" in r[0] for r in rows), fonts
    assert all(r[-5] == "yes" for r in rows), fonts  # the "emb" column


def test_long_grid_breaks_across_pages_with_header_repeated() -> None:
    pairs = [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("效益指标", "社会效益指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]
    indicators = [
        Indicator(
            level1=l1,
            level2=l2,
            name=f"第{k}项考核内容",
            description="说明" * 8,
            target=parse_value(f"≥{k}个"),
        )
        for k in range(1, 81)
        for l1, l2 in [pairs[k * len(pairs) // 81]]
    ]
    table = Table(
        kind="project_target",
        title="长表绩效目标表",
        unit=Party("302101", "某单位"),
        project=Project(name="长表"),
        money_unit="万元",
        indicators=indicators,
    )
    pages = [_squash(p) for p in _page_texts(export_table(table, "pdf"))]
    assert len(pages) >= 3
    for page in pages[1:]:
        assert "一级指标二级指标三级指标" in page  # the grid header, repeated
    assert all(f"第{k}项考核内容" in "".join(pages) for k in (1, 40, 80))


def test_cjk_font_is_found_by_fontconfig() -> None:
    from jixiao.export.pdf import cjk_font_path

    assert shutil.which("fc-match"), "fontconfig (fc-match) is needed for the PDF font"
    path = cjk_font_path()
    assert path and Path(path).exists() and "CJK" in path
