"""A full year for the seed in a real browser (Debian's Chromium via Playwright, a real server):

targets stored → from the project list, a July checkpoint (the project's light and the
monitoring dashboard turn red) → year-end actuals entered in the UI with a live score → the
same by Excel template download and upload → the score page → the 自评表 as .pdf.  Every
stage is reached by clicking from the project list.

The server runs on a free port in 18300-18399 on a temporary SQLite database.
"""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jixiao import actions
from jixiao.model import Document
from jixiao.store import ProjectFilter, TableFilter

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "corpus" / "seed" / "expected.json"
SCREENS = ROOT / "tests" / "_artifacts" / "screens"
PASSWORD = "pw-for-scoring-1"
PROJECT = "市外办履职保障经费"  # 50万元; 9 indicators, no printed weights
W = 50 / 6  # 产出 50 over 6 indicators; 效益 30 over 2; 满意度 10 over 1


def _free_port() -> int:
    for port in range(18300, 18400):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18300-18399")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, object, int]]:
    import uvicorn

    from jixiao.app import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('full-year') / 'jixiao.db'}"
    app = create_app(url)
    store = app.state.store
    filer = store.add_user("filer", PASSWORD, "filer", "302101")
    doc = json.loads(SEED.read_text(encoding="utf-8"))
    doc["source"] = {"name": "seed.json", "format": "json", "sha256": "f0" * 32}
    actions.import_document(store, filer, Document.from_dict(doc), year=2025)  # the year's targets
    items, _ = store.list_projects(ProjectFilter(q=PROJECT))
    target_id = [i for i in items if i["name"] == PROJECT][0]["id"]  # the project
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", store, target_id
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def page(server, chromium):
    """A signed-in tab in the run's one Chromium (tests/conftest.py)."""
    base, _, _ = server
    context = chromium.new_context(
        viewport={"width": 1400, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.goto(base + "/login")
    pg.fill("input[name=username]", "filer")
    pg.fill("input[name=password]", PASSWORD)
    pg.click("button[type=submit]")
    pg.wait_for_load_state()
    yield pg
    context.close()


def shot(pg, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENS / f"scoring-{name}.png"), full_page=True)


def test_full_year(server, page) -> None:
    base, store, target_id = server
    pg = page

    # --- July checkpoint: 20万元 of 50 executed (40% < 7/12 × 0.8), one target 完全不可能 without reason
    pg.goto(f"{base}/projects?q={PROJECT}")
    pg.click(f"a[data-project-link]:text-is('{PROJECT}')")
    pg.click("[data-tab=monitoring]")
    pg.click("[data-action=new-checkpoint]")
    pg.wait_for_url(f"**/projects/{target_id}/checkpoint")
    pg.fill("[data-field=as_of]", "2025-07-31")
    pg.fill("input[data-field=executed]", "20")
    for k, progress in enumerate(["1个", "6人次", "95%", "90%", "98%", "20万元", "97%", "提升", "96%"]):
        pg.fill(f"[data-progress='{k}']", progress)
        pg.select_option(f"[data-likelihood='{k}']", "确定能")
    pg.select_option("[data-likelihood='1']", "完全不可能")
    shot(pg, "checkpoint")
    pg.click("[data-action=save-checkpoint]")
    pg.wait_for_url(f"**/projects/{target_id}?tab=monitoring**")
    assert pg.get_attribute("[data-checkpoint='2025-07-31']", "data-light") == "red"
    assert pg.get_attribute(".projhead [data-light]", "data-light") == "red"
    pg.click("[data-nav=monitoring]")
    card = pg.locator("[data-unit='天津市人民政府外事办公室']")
    assert card.get_attribute("data-status") == "red"
    warnings = [w.get_attribute("data-warning") for w in card.locator("[data-warning]").all()]
    assert warnings == ["execution-lag", "target-unlikely", "unlikely-without-reason"]
    pg.wait_for_selector("#chart-monitoring[data-chart-ready='1']")
    shot(pg, "monitoring")

    # --- year-end actuals in the UI, with a live score
    pg.goto(f"{base}/projects?q={PROJECT}")
    pg.click(f"a[data-project-link]:text-is('{PROJECT}')")
    pg.click("[data-tab=selfeval]")
    pg.click("[data-action=enter-selfeval]")
    pg.wait_for_url(f"**/projects/{target_id}/selfeval")
    actuals = ["1个", "10人次", "95%", "85%", "98%", "48万元", "97%", "达成", "96%"]
    pg.fill("input[data-field=executed]", "48")
    for k, actual in enumerate(actuals):
        pg.fill(f"[data-actual='{k}']", actual)
    # 9.6 (48/50) + 产出: 5 × W + W × 85/90 + 效益 30 + 满意度 10
    ui_total = 9.6 + 5 * W + W * 85 / 90 + 30 + 10
    pg.wait_for_function(
        "t => document.querySelector('[data-live-score] [data-total]')?.textContent.trim() === t",
        arg=f"{ui_total:.2f}",
    )
    assert pg.inner_text("[data-live-score] [data-grade]").strip() == "优"
    assert pg.locator("[data-live-score] [data-code=JX505]").count() == 1  # 85% vs ≥90%, no reason
    shot(pg, "entry-live")
    pg.fill("[data-deviation='3']", "设备老化，已安排更新")
    pg.wait_for_function("() => !document.querySelector('[data-live-score] [data-code=JX505]')")
    pg.click("[data-action=save-selfeval]")
    pg.wait_for_url("**/score?policy=national")
    assert pg.inner_text("[data-total]").strip() == f"{ui_total:.2f}"
    assert pg.locator("[data-no-findings]").count() == 1

    # --- the same year-end by Excel: download the template, fill it, upload it
    pg.goto(f"{base}/projects/{target_id}/selfeval")
    with pg.expect_download() as info:
        pg.click("[data-action=template]")
    assert info.value.suggested_filename == f"actuals-{target_id}.xlsx"
    wb = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    ws = wb["自评填报"]
    ws["B5"] = 50
    for k, actual in enumerate(["1个", "10人次", "57%", "90%", "98%", "50万元", "97%", "部分达成", "96%"]):
        ws.cell(8 + k, 7, actual)
    ws.cell(8 + 2, 8, "系统迁移停机")
    upload = SCREENS.parent / "actuals-filled.xlsx"
    upload.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    wb.save(buf)
    upload.write_bytes(buf.getvalue())
    pg.set_input_files("[data-upload-input]", str(upload))
    pg.click("[data-action=upload]")
    pg.wait_for_url("**/score?policy=national")
    # 10 + 产出: 5 × W + W × 57/95 + 效益: 15 + 15 × 80% (部分达成, top of 60–80) + 满意度 10
    excel_total = 10 + 5 * W + W * 57 / 95 + 15 + 12 + 10
    assert pg.inner_text("[data-total]").strip() == f"{excel_total:.2f}"
    assert pg.inner_text("[data-grade]").strip() == "优"
    codes = [x.get_attribute("data-code") for x in pg.locator("[data-findings] li").all()]
    assert codes == ["JX505"]  # 部分达成 without a reason
    shot(pg, "score")

    # --- the 自评表 as .pdf
    with pg.expect_download() as info:
        pg.click("[data-export=pdf]")
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    selfevals, _ = store.list_tables(TableFilter(kind="project_selfeval"))
    assert len(selfevals) == 2  # two versions of one self-evaluation
    record = store.get_project(target_id)
    assert record["selfeval"]["revision"] == 2 and record["selfeval"]["total_score"] == round(excel_total, 2)
    assert store.list_projects()[1] == 6
