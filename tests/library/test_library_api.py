"""The library through the REST API and the web pages, on SQLite and PostgreSQL: search with
figures, a group's projects scoped by unit, rebuild for admins only; and the issue's unit
scoping: a filer's evidence, suggestions and pages show no other unit's project names."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

mf = sys.modules["jixiao_tests_library_fixtures"]  # tests/library/conftest.py

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed" / "seed.docx"
# eight projects of other units, named so that a leak is easy to see
SECRET = [f"{d}保密测试项目" for d in mf.DISTRICTS]
SECRET_UNITS = [f"天津市{d}人民政府外事办公室" for d in mf.DISTRICTS]


def upload(client: Any, headers: dict[str, str], name: str, data: bytes, **form: Any) -> dict[str, Any]:
    r = client.post(
        "/api/v1/documents", files=[("files", (name, data, "text/markdown"))], data=form, headers=headers
    )
    assert r.status_code == 200, r.text
    (item,) = r.json()["items"]
    assert item["status"] == "imported", item
    return item


def peers_md() -> bytes:
    satisfaction = ["≥90%", "≥92%", "≥95%", "≥95%", "≥95%", "≥96%", "≥98%", "≥90%"]
    return "\n".join(
        mf.target_md(2025, {"服务对象满意度": s}, unit=(f"3022{i + 1:02d}", unit), project=project)
        for i, (s, unit, project) in enumerate(zip(satisfaction, SECRET_UNITS, SECRET, strict=True))
    ).encode()


@pytest.fixture
def world(client: Any, bearer: Any) -> dict[str, Any]:
    """The reviewer imports eight peer projects of other units; the filer of 302101 imports
    its own 2025 target: satisfaction ≥60%, no 成本指标 (JX603 and JX604 fire on it)."""
    h = {role: bearer(role) for role in ("admin", "reviewer", "filer", "other")}
    upload(client, h["reviewer"], "peers.md", peers_md())
    own = mf.target_md(2025, {"服务对象满意度": "≥60%"}, drop=("不超过预算金额",)).encode()
    mine = upload(client, h["filer"], "own.md", own)
    return {"h": h, "table_id": mine["tables"][0]["table_id"], "project_id": mine["tables"][0]["project_id"]}


def leaks(text: str) -> list[str]:
    return [name for name in SECRET + SECRET_UNITS if name in text]


def satisfaction_group(client: Any, h: dict[str, str]) -> dict[str, Any]:
    items = client.get("/api/v1/library", params={"q": "服务对象满意度"}, headers=h).json()["items"]
    return next(g for g in items if g["name"] == "服务对象满意度")


def test_search_gives_groups_with_their_figures(client: Any, world: dict[str, Any]) -> None:
    h = world["h"]["reviewer"]
    r = client.get("/api/v1/library", params={"q": "满意度", "level2": "服务对象满意度指标"}, headers=h)
    assert r.status_code == 200 and r.json()["ok"]
    g = satisfaction_group(client, h)
    assert (g["projects"], g["units"], g["level2"]) == (9, 9, "服务对象满意度指标")
    (d,) = g["targets"]
    # 90 92 95 95 95 96 98 90 and the filer's 60
    assert (d["unit"], d["n"], d["min"], d["median"], d["max"], d["op"]) == ("%", 9, 60, 95, 98, "≥")
    assert g["typical"] == {"text": "≥95%", "op": "≥", "number": 95, "unit": "%"}
    assert g["names"] == [{"name": "服务对象满意度", "count": 9}]
    # a 二级 filter that does not match leaves it out; no q lists the library by 二级
    other = client.get("/api/v1/library", params={"q": "满意度", "level2": "数量指标"}, headers=h).json()
    assert all(x["level2"] == "数量指标" for x in other["items"])
    levels = client.get("/api/v1/library", headers=h).json()["levels"]
    assert {"服务对象满意度指标", "数量指标", "成本指标"} <= {lv["level2"] for lv in levels}
    assert client.get("/api/v1/library", params={"q": "满意度"}).status_code == 401


def test_a_group_lists_only_the_projects_the_user_may_see(client: Any, world: dict[str, Any]) -> None:
    h = world["h"]
    gid = satisfaction_group(client, h["reviewer"])["id"]
    full = client.get(f"/api/v1/library/{gid}", headers=h["reviewer"]).json()["item"]
    assert sorted(p["name"] for p in full["projects_shown"]) == sorted([*SECRET, mf.PROJECT])
    assert full["projects_hidden"] == 0
    r = client.get(f"/api/v1/library/{gid}", headers=h["filer"])
    mine = r.json()["item"]
    assert [p["name"] for p in mine["projects_shown"]] == [mf.PROJECT]
    assert (mine["projects_visible"], mine["projects_hidden"], mine["projects"]) == (1, 8, 9)
    assert leaks(r.text) == []
    page = client.get(f"/library/{gid}", headers=h["filer"])
    assert page.status_code == 200 and leaks(page.text) == []
    assert "另有 8 个其他单位的项目使用该指标" in page.text and 'data-chart="' in page.text
    assert all(name in client.get(f"/library/{gid}", headers=h["reviewer"]).text for name in SECRET)
    assert client.get("/api/v1/library/999999", headers=h["filer"]).status_code == 404


def test_a_filers_evidence_and_suggestions_name_no_other_unit(client: Any, world: dict[str, Any]) -> None:
    """The issue's unit-scoping test: the findings stored on the filer's table (JX603, JX604),
    its editor's live check, the suggestions and the library pages reveal no other unit's
    project or unit name — only counts and quartiles."""
    h = world["h"]["filer"]
    record = client.get(f"/api/v1/projects/{world['project_id']}", headers=h)
    findings = {f["code"]: f for f in record.json()["target"]["findings"]}
    assert findings["JX603"]["message"].startswith(
        "「服务对象满意度」的目标 ≥60% 远低于同类指标：8 个项目（8 个单位）"
    )
    assert findings["JX604"]["message"] == "同类项目 8 个中有 8 个（100%）设有成本指标，本表没有"
    assert leaks(record.text) == []
    form = {
        "name": ["服务对象满意度"],
        "target": ["≥60%"],
        "level1": ["满意度指标"],
        "level2": ["服务对象满意度指标"],
    }
    live = client.post(f"/tables/{world['table_id']}/check", data=form, headers=h)
    assert live.status_code == 200 and "JX603" in live.text and leaks(live.text) == []
    suggest = client.get("/library/suggest", params={"name": "满意", "level2": ""}, headers=h)
    assert suggest.status_code == 200 and 'data-name="服务对象满意度"' in suggest.text
    assert 'data-target="≥95%"' in suggest.text and leaks(suggest.text) == []
    for path in ("/library", "/library?q=满意度"):
        assert leaks(client.get(path, headers=h).text) == []
    api = client.get("/api/v1/library", params={"q": "服务"}, headers=h)
    assert api.json()["items"] and leaks(api.text) == []
    # the other filer sees the same aggregates and none of 302101's projects either
    other = client.get(f"/api/v1/library/{satisfaction_group(client, h)['id']}", headers=world["h"]["other"])
    assert other.json()["item"]["projects_shown"] == [] and mf.PROJECT not in other.text


def test_suggestions_need_two_characters(client: Any, world: dict[str, Any]) -> None:
    h = world["h"]["filer"]
    assert "data-suggestion" not in client.get("/library/suggest", params={"name": "满"}, headers=h).text
    assert re.search(
        r'data-suggestions="[1-5]"', client.get("/library/suggest", params={"name": "签证"}, headers=h).text
    )


def test_rebuild_is_an_admins_and_gives_the_same_library(client: Any, world: dict[str, Any]) -> None:
    h = world["h"]
    before = satisfaction_group(client, h["reviewer"])
    assert client.post("/api/v1/library/rebuild", headers=h["filer"]).status_code == 403
    assert client.post("/api/v1/library/rebuild", headers=h["reviewer"]).status_code == 403
    done = client.post("/api/v1/library/rebuild", headers=h["admin"]).json()
    assert done["ok"] and done["indicators"] == 9 * 10 - 1 and done["groups"] > 0
    after = satisfaction_group(client, h["reviewer"])
    assert {k: v for k, v in after.items() if k not in ("id", "score")} == {
        k: v for k, v in before.items() if k not in ("id", "score")
    }


def test_the_library_follows_edits_and_deletions(client: Any, world: dict[str, Any]) -> None:
    """Deleting the filer's draft takes its project out of the group's figures at once (a
    group this small is recomputed at every change)."""
    h = world["h"]
    assert satisfaction_group(client, h["reviewer"])["projects"] == 9
    table = client.get(f"/api/v1/tables/{world['table_id']}", headers=h["filer"]).json()["item"]
    r = client.delete(
        f"/api/v1/tables/{world['table_id']}", params={"version": table["version"]}, headers=h["filer"]
    )
    assert r.status_code in (200, 204), r.text
    g = satisfaction_group(client, h["reviewer"])
    assert g["projects"] == 8 and g["targets"][0]["min"] == 90


def test_suggestions_kept_for_one_user_reveal_nothing_to_another(
    client: Any, world: dict[str, Any], store: Any
) -> None:
    """The search cache is kept per user scope: a suggestion the reviewer (who sees every unit)
    asked first is computed again for the filer, and shows the filer no other unit's names."""
    from jixiao.library.search import searches

    h = world["h"]
    seen = client.get("/library/suggest", params={"name": "服务对象", "level2": ""}, headers=h["reviewer"])
    assert 'data-name="服务对象满意度"' in seen.text
    kept = len(searches(store))
    mine = client.get("/library/suggest", params={"name": "服务对象", "level2": ""}, headers=h["filer"])
    assert len(searches(store)) == kept + 1  # its own entry, not the reviewer's
    assert 'data-name="服务对象满意度"' in mine.text and leaks(mine.text) == []
    again = client.get("/library/suggest", params={"name": "服务对象", "level2": ""}, headers=h["filer"])
    assert again.text == mine.text and len(searches(store)) == kept + 1
