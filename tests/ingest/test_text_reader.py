"""The tika-server text export and plain-text reader."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.blocks import Paragraph, TableBlock
from jixiao.errors import IngestError
from jixiao.ingest import ingest_bytes
from jixiao.readers.text import decode, parse


def test_cells_rows_paragraphs_and_bookmarks() -> None:
    text = "[bookmark: _Toc1]1.某项目绩效目标表\n\t302101某单位\n\t单位：万元\n\n\t项目名称\n\t某项目\n第二行\n\n"
    blocks = parse(text)
    assert isinstance(blocks[0], Paragraph) and blocks[0].text == "1.某项目绩效目标表"
    assert blocks[0].anchors == ["_Toc1"]
    table = blocks[1]
    assert isinstance(table, TableBlock)
    assert [[c.text for c in r] for r in table.rows] == [
        ["302101某单位", "单位：万元"],
        ["项目名称", "某项目\n第二行"],
    ]


def test_whitespace_prefix_starts_a_new_table() -> None:
    blocks = parse("\ta\n\tb\n \tc\n\td\n")
    assert [type(b).__name__ for b in blocks] == ["TableBlock", "TableBlock"]


def test_gbk_text_is_detected() -> None:
    raw = "1.项目绩效目标表\n\t项目名称\n\t测试项目\n".encode("gbk")
    assert "测试项目" in decode(raw, "x.txt")


def test_gbk_tika_export_ingests() -> None:
    text = (
        "1.测试项目绩效目标表\n\t302101天津市某单位\n\t单位：万元\n\n\t项目名称\n\t测试项目\n\n"
        "\t一级指标\n\t二级指标\n\t三级指标\n\t绩效指标描述\n\t指标值\n\n"
        "\t产出指标\n\t数量指标\n\t培训人次\n\t培训人次\n\t≥10人次\n\n"
    )
    doc = ingest_bytes(text.encode("gb18030"), "gbk.txt")
    (table,) = doc.tables
    assert table.unit.code == "302101" and table.project and table.project.name == "测试项目"
    assert table.indicators[0].target.number == 10


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("\t\n 项目名称指标值≥95%1.[bookmark: x]一级二级")), max_size=300)
)
def test_text_reader_and_assembler_never_raise_unexpectedly(text: str) -> None:
    blocks = parse(text)
    assert all(isinstance(b, Paragraph | TableBlock) for b in blocks)
    try:
        ingest_bytes(text.encode("utf-8"), "fuzz.txt")
    except IngestError as exc:  # typed errors are fine (an all-blank file is "empty"); anything else is a bug
        assert "fuzz.txt" in str(exc)
