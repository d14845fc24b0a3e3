"""Excel entry of actuals: download the template for a seed project, fill it as a user would, upload."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jixiao.errors import IngestError, UnsafeFile
from jixiao.model import Document
from jixiao.scoring.excel import actuals_template, read_actuals
from jixiao.scoring.scorer import score_table

SEED = Path(__file__).resolve().parents[2] / "tests" / "corpus" / "seed" / "expected.json"


@pytest.fixture()
def target():
    return Document.from_dict(json.loads(SEED.read_text(encoding="utf-8"))).tables[0]  # 市外办履职保障经费


def fill(
    template: bytes, executed, actuals: dict[int, object], reasons: dict[int, str] | None = None, edit=None
) -> bytes:
    wb = load_workbook(io.BytesIO(template))
    ws = wb["自评填报"]
    ws["B5"] = executed
    for k, v in actuals.items():
        ws.cell(8 + k, 7, v)
    for k, v in (reasons or {}).items():
        ws.cell(8 + k, 8, v)
    if edit:
        edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_template_is_prefilled_and_protected(target):
    wb = load_workbook(io.BytesIO(actuals_template(target)))
    ws = wb["自评填报"]
    assert ws["B2"].value == "市外办履职保障经费" and ws["B4"].value == 50
    assert [ws.cell(8 + k, 4).value for k in range(len(target.indicators))] == [
        i.name for i in target.indicators
    ]
    assert ws.cell(8, 5).value == "1个" and ws.cell(9, 5).value == "≥10人次"
    assert ws.protection.sheet and ws.cell(8, 4).protection.locked and not ws.cell(8, 7).protection.locked
    assert wb["jixiao"].sheet_state == "hidden"


def test_filled_template_scores(target):
    # 9 indicators without printed weights: 产出 50/6, 效益 30/2, 满意度 10/1
    actuals = {0: 1, 1: "12人次", 2: 0.96 * 100, 3: "88%", 4: "98%", 5: 52, 6: "97%", 7: "达成", 8: "96%"}
    data = fill(actuals_template(target), 45, actuals, reasons={3: "设备老化"})
    selfeval = read_actuals(data, target)
    assert selfeval.kind == "project_selfeval" and selfeval.funds.executed == 45
    assert selfeval.indicators[3].deviation == "设备老化"
    card = score_table(selfeval)
    w = 50 / 6
    # missed: 完好率 88 vs ≥90 → w × 88/90; 成本 52 vs ≤50 → w × 50/52; execution 10 × 45/50 = 9
    expected = 9 + w * 4 + w * 88 / 90 + w * 50 / 52 + 15 + 15 + 10
    assert card.total == pytest.approx(expected)
    assert card.lines[5].formula.startswith("反向指标未达标")


def test_blank_actuals_stay_missing(target):
    selfeval = read_actuals(fill(actuals_template(target), None, {}), target)
    assert all(i.actual is None for i in selfeval.indicators) and selfeval.funds.executed is None


def test_template_for_another_project_is_refused(target):
    other = Document.from_dict(json.loads(SEED.read_text(encoding="utf-8"))).tables[1]
    with pytest.raises(IngestError, match="模板与该项目的指标不一致"):
        read_actuals(actuals_template(other), target, "上传.xlsx")


def test_moved_row_names_the_cell(target):
    def swap(wb):
        ws = wb["自评填报"]
        ws["D8"], ws["D9"] = ws["D9"].value, ws["D8"].value

    with pytest.raises(IngestError) as info:
        read_actuals(fill(actuals_template(target), 1, {}, edit=swap), target, "上传.xlsx")
    assert info.value.where == "自评填报!D8" and "上传.xlsx" in str(info.value)


def test_bad_amount_names_the_cell(target):
    with pytest.raises(IngestError, match="B5 应为金额") as info:
        read_actuals(fill(actuals_template(target), "很多", {}), target)
    assert info.value.where == "自评填报!B5"


def test_not_a_template(target):
    with pytest.raises(IngestError, match="不是有效的 zip|not a valid zip"):
        read_actuals(b"not a workbook", target, "x.xlsx")
    plain = io.BytesIO()
    from openpyxl import Workbook

    Workbook().save(plain)
    with pytest.raises(IngestError, match="不是 jixiao 导出的自评填报模板"):
        read_actuals(plain.getvalue(), target, "x.xlsx")


def test_entity_in_upload_is_refused(target):
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(actuals_template(target)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/workbook.xml":
                body = b'<!DOCTYPE x [<!ENTITY a "b">]>' + body.split(b"?>", 1)[-1]
            dst.writestr(item, body)
    with pytest.raises(UnsafeFile):
        read_actuals(out.getvalue(), target, "x.xlsx")
