"""The scoring and monitoring endpoints, on SQLite and PostgreSQL (the store fixtures of tests/store)."""

from __future__ import annotations

import copy
import io
import warnings

import pytest
from openpyxl import load_workbook

from jixiao.app import create_app
from jixiao.scoring.policy import load_policy

with warnings.catch_warnings():  # starlette asks for httpx2, which is not installed; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def client(store):
    user = store.add_user("filer", "password-filer", "filer", "302101")
    token, _ = store.create_token(user)
    with TestClient(create_app(store=store, web=False)) as c:
        c.headers["Authorization"] = f"Bearer {token}"
        yield c, store, user


@pytest.fixture
def target_id(client, seed):
    _, store, user = client
    return store.create_table(copy.deepcopy(seed["tables"][0]), user)["id"]  # 市外办履职保障经费, 50万元


def test_policies(client):
    c, _, _ = client
    body = c.get("/api/v1/policies").json()
    assert body["ok"] and {"national", "linear-80-50"} <= {p["name"] for p in body["items"]}


def test_live_score_of_a_posted_table(client, seed):
    c, _, _ = client
    table = copy.deepcopy(seed["tables"][1])  # 债券利息: 6 indicators, 1.56万元
    table["kind"] = "project_selfeval"
    table["funds"]["adjusted"], table["funds"]["executed"] = 1.56, 1.56
    actuals = ["1个", "80%", "及时", "1.56万元", "达成", "96%"]
    for ind, actual in zip(table["indicators"], actuals, strict=True):
        ind["actual"] = {"text": actual}
    from jixiao.values import parse_value

    for ind in table["indicators"]:
        v = parse_value(ind["actual"]["text"])
        ind["actual"] = {
            "text": v.text,
            "op": v.op,
            "number": v.number,
            "unit": v.unit,
            "qualitative": v.qualitative,
        }
    body = c.post("/api/v1/score", json={"table": table}).json()
    assert body["ok"]
    card = body["score"]
    # 产出 50 over 4: 12.5 each; the 80% vs ≥95% line: 12.5 × 80/95
    assert card["total"] == pytest.approx(100 - 12.5 + 12.5 * 80 / 95, abs=1e-3)
    assert [f["code"] for f in body["findings"]] == ["JX505"]
    bad = c.post("/api/v1/score", json={"table": table, "policy": "nowhere"})
    assert bad.status_code == 422 and bad.json()["ok"] is False and "未知的评分规则" in bad.json()["error"]


def test_excel_round_trip_saves_a_selfeval(client, target_id):
    c, _, _ = client
    resp = c.get(f"/api/v1/tables/{target_id}/actuals-template")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/vnd.openxml")
    wb = load_workbook(io.BytesIO(resp.content))
    ws = wb["自评填报"]
    ws["B5"] = 50
    for k, v in enumerate(["1个", "10人次", "95%", "90%", "98%", "50万元", "97%", "达成", "95%"]):
        ws.cell(8 + k, 7, v)
    out = io.BytesIO()
    wb.save(out)
    files = {"file": ("自评.xlsx", out.getvalue(), "application/octet-stream")}
    body = c.post(f"/api/v1/tables/{target_id}/actuals", files=files, data={"save": "true"}).json()
    assert body["ok"] and body["score"]["total"] == pytest.approx(100) and body["score"]["grade"] == "优"
    new_id = body["item"]["id"]
    assert body["item"]["kind"] == "project_selfeval"
    stored = c.get(f"/api/v1/tables/{new_id}/score").json()
    assert stored["score"]["total"] == pytest.approx(100) and stored["findings"] == []
    wrong = c.post(
        f"/api/v1/tables/{target_id}/actuals", files={"file": ("x.xlsx", b"junk", "application/octet-stream")}
    )
    assert wrong.status_code == 422 and "x.xlsx" in wrong.json()["error"]


def test_actuals_as_json(client, target_id):
    c, _, _ = client
    actuals = ["1个", "10人次", "95%", "90%", "98%", "60万元", "97%", "达成", "95%"]
    body = c.post(
        f"/api/v1/tables/{target_id}/actuals.json", json={"actuals": actuals, "executed": 40}
    ).json()
    assert body["ok"] and body["item"] is None
    # execution 10 × 40/50 = 8; 成本 ≤50万元 at 60: (50/6) × 50/60
    w = 50 / 6
    assert body["score"]["total"] == pytest.approx(8 + 90 - w + w * 50 / 60)
    short = c.post(f"/api/v1/tables/{target_id}/actuals.json", json={"actuals": ["1个"]})
    assert short.status_code == 422 and "需要 9 个实际完成值" in short.json()["error"]


def test_checkpoints_and_monitoring_dashboard(client, target_id):
    c, _, _ = client
    items = [{"progress": "1个", "likelihood": "确定能"}] * 9
    lag = {"as_of": "2025-07-31", "executed": 20, "indicators": items, "save": True}
    body = c.post(f"/api/v1/tables/{target_id}/checkpoints", json=lag).json()
    assert body["ok"] and body["status"]["status"] == "yellow"
    assert body["table"]["kind"] == "monitoring" and body["item"]["kind"] == "monitoring"
    units = c.get("/api/v1/monitoring").json()["items"]
    assert [(u["unit"], u["status"], u["counts"]["yellow"]) for u in units] == [
        ("天津市人民政府外事办公室", "yellow", 1)
    ]
    later = {"as_of": "2025-09-30", "executed": 40, "indicators": items, "save": True}  # 80% ≥ 9/12 × 0.8
    assert c.post(f"/api/v1/tables/{target_id}/checkpoints", json=later).json()["status"]["status"] == "green"
    units = c.get("/api/v1/monitoring").json()["items"]
    assert units[0]["status"] == "green" and units[0]["projects"][0]["as_of"] == "2025-09-30"
    bad = c.post(
        f"/api/v1/tables/{target_id}/checkpoints",
        json={"as_of": "2025-07-31", "indicators": [{"likelihood": "也许"}]},
    )
    assert bad.status_code == 422 and "完成目标可能性" in bad.json()["error"]


def _web_login(c: TestClient, username: str, password: str) -> None:
    """Sign in through the web login form (its pre-session CSRF token included)."""
    import re

    page = c.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    r = c.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


def test_a_policy_is_chosen_by_name_never_read_from_a_path(client, target_id, tmp_path):
    """?policy=/some/file.toml once made the server read that file, for any signed-in role, and
    its errors told whether a path existed.  Now the API and the web pages take names only: a
    planted file, a missing one and a relative path get one and the same answer."""
    c, store, _ = client
    text = open(load_policy("national").path, encoding="utf-8").read()
    planted = tmp_path / "x.toml"
    planted.write_text(text.replace('name = "national"', 'name = "planted-PLANTED"'), encoding="utf-8")
    table = c.get(f"/api/v1/tables/{target_id}").json()["item"]["table"]
    errors = set()
    for value in (str(planted), str(tmp_path / "missing.toml"), "../../x.toml", "x"):
        for r in (
            c.get(f"/api/v1/tables/{target_id}/score", params={"policy": value}),
            c.get("/api/v1/monitoring", params={"policy": value}),
            c.post("/api/v1/score", json={"table": table, "policy": value}),
        ):
            assert r.status_code == 422, r.text
            assert "PLANTED" not in r.text and str(tmp_path) not in r.text
            errors.add(r.json()["error"])
    assert len(errors) == 1
    (message,) = errors
    assert "national" in message
    store.add_user("viewer", "password-viewer", "viewer")
    with TestClient(create_app(store=store)) as web:
        _web_login(web, "viewer", "password-viewer")
        for value in (str(planted), str(tmp_path / "missing.toml")):
            for path in (f"/tables/{target_id}/score", "/monitoring"):
                r = web.get(path, params={"policy": value})
                assert r.status_code == 422 and message in r.text
                assert "PLANTED" not in r.text and str(tmp_path) not in r.text
        assert web.get("/monitoring", params={"policy": "linear-80-50"}).status_code == 200
