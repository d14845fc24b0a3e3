"""The project record through the REST API (issue 13's "Done when", on SQLite and PostgreSQL):
import by identity, stages of one project, missing header fields, each project counted once;
and the import rules of issue 14 that live in the import action."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED = CORPUS / "seed"
GEN = Path(__file__).resolve().parents[2] / "bench" / "gen.py"
SEED_BUDGET = 1805.46  # 50 + 1.56 + 50 + 78 + 1585 + 40.9 万元


def upload(client: Any, headers: dict[str, str], *paths: Path, **form: Any) -> dict[str, Any]:
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    r = client.post("/api/v1/documents", files=files, data=form, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def unit(client: Any, headers: dict[str, str], code: str) -> dict[str, Any]:
    (found,) = [u for u in client.get("/api/v1/units", headers=headers).json()["items"] if u["code"] == code]
    return found


def test_done_three_formats_of_the_seed_are_six_projects_counted_once(client, bearer):
    """seed.docx, then seed.pdf, then the tika text: 6 projects for 302101; the second and the
    third upload report every table ``same``; the unit's budget is 1805.46 万元."""
    h = bearer("admin")
    first = upload(client, h, SEED / "seed.docx")["items"][0]
    assert first["statuses"] == {"new": 6, "same": 0, "version": 0, "stage": 0}
    projects = [t["project_id"] for t in first["tables"]]
    for name in ("seed.pdf", "000_ef15d747a5f69479.txt"):
        again = upload(client, h, SEED / name)["items"][0]
        assert again["status"] == "imported", again
        assert [t["status"] for t in again["tables"]] == ["same"] * 6
        assert [t["project_id"] for t in again["tables"]] == projects
    listed = client.get("/api/v1/projects", params={"unit": "302101"}, headers=h).json()
    assert listed["ok"] and listed["total"] == 6
    assert {p["id"] for p in listed["items"]} == set(projects)
    u = unit(client, h, "302101")
    assert (u["name"], u["projects"], u["budget_wan"]) == ("天津市人民政府外事办公室", 6, SEED_BUDGET)
    assert client.get("/api/v1/dashboard", headers=h).json()["budget_total"] == SEED_BUDGET


def test_done_a_checkpoint_and_a_self_evaluation_are_stages_of_one_project(client, bearer):
    """Posting a checkpoint and a self-evaluation to one project leaves 6 projects and the
    totals unchanged; GET /projects/{id} shows the checkpoint and the score and grade."""
    h = bearer("filer")
    items = upload(client, h, SEED / "seed.docx")["items"][0]["tables"]
    pid = items[3]["project_id"]  # 天津市因公通行证电子化建设项目-2024一般债, 78 万元, 9 indicators
    body = {
        "as_of": "2025-07-31",
        "executed": 30,
        "indicators": [{"progress": "1项", "expected": "1项", "likelihood": "确定能"}] * 9,
        "policy": "national",
    }
    cp = client.post(f"/api/v1/projects/{pid}/checkpoints", json=body, headers=h).json()
    assert cp["ok"] and cp["status"]["status"] in ("green", "yellow", "red")
    assert (cp["checkpoint"]["status"], cp["checkpoint"]["project_id"]) == ("stage", pid)
    target = client.get(f"/api/v1/projects/{pid}", headers=h).json()["target"]["table"]
    actuals = [i["target"]["text"] for i in target["indicators"]]
    se = client.put(f"/api/v1/projects/{pid}/selfeval", json={"actuals": actuals, "executed": 78}, headers=h)
    assert se.status_code == 200, se.text
    assert se.json()["selfeval"]["status"] == "stage"

    record = client.get(f"/api/v1/projects/{pid}", headers=h).json()
    assert record["ok"] and record["project"]["id"] == pid
    assert (record["target"]["status"], record["target"]["version"]) == ("draft", 1)
    assert record["target"]["table"]["kind"] == "project_target"
    (checkpoint,) = record["checkpoints"]
    assert checkpoint["as_of"] == "2025-07-31" and checkpoint["light"] == cp["status"]["status"]
    assert checkpoint["table"]["as_of"] == "2025-07-31"
    assert checkpoint["table"]["indicators"][0]["likelihood"] == "确定能"
    assert "截至" not in checkpoint["table"]["title"]
    selfeval = record["selfeval"]
    assert (selfeval["total_score"], selfeval["grade"]) == (100.0, "优")
    assert selfeval["table"]["indicators"][0]["score"] is not None
    assert (record["project"]["light"], record["project"]["score"], record["project"]["grade"]) == (
        cp["status"]["status"],
        100.0,
        "优",
    )
    assert client.get("/api/v1/projects", headers=h).json()["total"] == 6
    assert client.get("/api/v1/tables", headers=h).json()["total"] == 8  # the stages are tables of it
    u = unit(client, h, "302101")
    assert (u["projects"], u["budget_wan"]) == (6, SEED_BUDGET)
    dash = client.get("/api/v1/dashboard", headers=h).json()
    assert (dash["projects"], dash["budget_total"]) == (6, SEED_BUDGET)
    history = client.get(f"/api/v1/projects/{pid}/history", headers=h).json()["items"]
    assert [x["action"] for x in history] == ["import", "checkpoint", "selfeval"]
    score = client.get(f"/api/v1/projects/{pid}/score", headers=h).json()
    assert score["score"]["total"] == pytest.approx(100) and score["score"]["grade"] == "优"


def test_done_a_filers_table_without_a_unit_code_is_its_units_with_a_note(client, bearer, store):
    """dev/12 prints no unit code: a filer of 302101 imports it, and it is stored under 302101
    with a note saying so."""
    h = bearer("filer")
    result = upload(client, h, CORPUS / "dev" / "12" / "case.docx")["items"][0]
    assert result["status"] == "imported", result
    (table,) = result["tables"]
    assert table["status"] == "new" and table["unit"]["code"] == "302101"
    assert any("302101" in n for n in table["notes"]) and result["notes"]
    project = client.get(f"/api/v1/projects/{table['project_id']}", headers=h).json()["project"]
    assert (project["unit"]["code"], project["year"]) == ("302101", 2020)
    history = client.get(f"/api/v1/projects/{table['project_id']}/history", headers=h).json()["items"]
    assert any("302101" in n["zh"] for n in history[0]["note"])  # a note of the system, not a comment


def test_done_an_admin_import_with_a_year_gives_the_seed_its_year(client, bearer):
    """The seed prints no 年度: imported with year=2025 its six projects are of 2025; a printed
    value that differs from the one given stops the file, naming both."""
    h = bearer("admin")
    result = upload(client, h, SEED / "seed.docx", year="2025")["items"][0]
    assert result["statuses"]["new"] == 6 and all(t["year"] == 2025 for t in result["tables"])
    listed = client.get("/api/v1/projects", params={"year": 2025}, headers=h).json()
    assert listed["total"] == 6 and {p["year"] for p in listed["items"]} == {2025}
    clash = upload(client, h, CORPUS / "dev" / "12" / "case.docx", year="2024")["items"][0]
    assert clash["status"] == "error" and "2020" in clash["error"] and "2024" in clash["error"]
    other = upload(client, h, CORPUS / "dev" / "03" / "case.docx", unit="302101")["items"][0]
    assert other["status"] == "error" and "820001" in other["error"] and "302101" in other["error"]
    assert client.get("/api/v1/projects", headers=h).json()["total"] == 6


def test_a_new_version_and_a_revision_of_an_approved_target(client, bearer, store, make_doc):
    """A changed target is a new draft version; once approved, a change waits as a pending
    revision (调整) and the approved one stays counted until the revision is approved."""
    admin, filer, reviewer = bearer("admin"), bearer("filer"), bearer("reviewer")
    doc = make_doc("302101", 1)
    first = store.import_document(doc).tables[0]
    pid = first["project_id"]
    changed = make_doc("302101", 1, funds=dict(doc["tables"][0]["funds"], total=60.0))
    placed = store.import_document(changed).tables[0]
    assert (placed["status"], placed["project_id"], placed["standing"]) == ("version", pid, "current")
    for step, who in (("submit", filer), ("approve", reviewer)):
        r = client.post(f"/api/v1/projects/{pid}/transitions", json={"action": step}, headers=who)
        assert r.status_code == 200, r.text
    third = make_doc("302101", 1, funds=dict(doc["tables"][0]["funds"], total=70.0))
    placed = store.import_document(third).tables[0]
    assert (placed["status"], placed["standing"]) == ("version", "pending")
    record = client.get(f"/api/v1/projects/{pid}", headers=admin).json()
    assert record["project"]["pending"] and record["project"]["budget_wan"] == 60.0
    assert (record["target"]["status"], record["pending"]["status"]) == ("approved", "draft")
    for step, who in (("submit", filer), ("approve", reviewer)):
        assert client.post(f"/api/v1/projects/{pid}/transitions", json={"action": step}, headers=who).json()[
            "ok"
        ]
    record = client.get(f"/api/v1/projects/{pid}", headers=admin).json()
    assert record["pending"] is None and record["target"]["revision"] == 3
    assert record["project"]["budget_wan"] == 70.0 and record["project"]["status"] == "approved"
    assert [v["standing"] for v in record["versions"]] == ["old", "old", "current"]


def test_drafts_are_deleted_with_history_and_admins_archive(client, bearer, store, make_doc):
    admin, filer = bearer("admin"), bearer("filer")
    doc = make_doc("302101", 1)
    pid = store.import_document(doc).tables[0]["project_id"]
    v2 = store.import_document(make_doc("302101", 1, title="改过的标题")).tables[0]["table_id"]
    r = client.delete(f"/api/v1/projects/{pid}/tables/{v2}", headers=filer)
    assert r.status_code == 200, r.text
    record = client.get(f"/api/v1/projects/{pid}", headers=filer).json()
    assert record["target"]["revision"] == 1 and record["target"]["standing"] == "current"
    history = client.get(f"/api/v1/projects/{pid}/history", headers=filer).json()["items"]
    assert [h["action"] for h in history][-1] == "delete" and history[-1]["table_id"] == v2
    assert client.post(f"/api/v1/projects/{pid}/archive", json={}, headers=filer).status_code == 403
    assert client.post(f"/api/v1/projects/{pid}/archive", json={}, headers=admin).json()["project"][
        "archived"
    ]
    assert client.get("/api/v1/projects", headers=admin).json()["total"] == 0
    assert client.get("/api/v1/projects", params={"status": "archived"}, headers=admin).json()["total"] == 1
    assert client.get("/api/v1/units", headers=admin).json()["items"] == []


def test_exports_hold_each_project_once(client, bearer, store, make_doc):
    h = bearer("admin")
    store.import_document(make_doc("302101", 2))
    store.import_document(make_doc("302101", 2, title="第二版"))  # new versions of the same two
    csv = client.get("/api/v1/projects/export", params={"format": "csv"}, headers=h)
    assert csv.status_code == 200 and "attachment" in csv.headers["content-disposition"]
    doc = client.get("/api/v1/projects/export", params={"format": "json"}, headers=h).json()
    assert len(doc["tables"]) == 2 and {t["title"] for t in doc["tables"]} == {"第二版"}
    pid = client.get("/api/v1/projects", headers=h).json()["items"][0]["id"]
    one = client.get(f"/api/v1/projects/{pid}/export", params={"format": "pdf"}, headers=h)
    assert one.status_code == 200 and one.content.startswith(b"%PDF")


# --- the import rules of issue 14 that live in the import action ---------------------------


def test_a_filer_uploading_another_units_exact_file_learns_nothing_of_it(client, bearer):
    """Permissions come before duplicate detection: the other unit's filer gets the refusal a
    new file of another unit gets, never the stored document's id."""
    first = upload(client, bearer("admin"), SEED / "seed.docx")["items"][0]
    again = upload(client, bearer("other"), SEED / "seed.docx")["items"][0]
    assert again["status"] == "error" and "其他单位" in again["error"]
    assert again["document_id"] is None and again["tables"] == [] and again["statuses"] == {}
    mine = upload(client, bearer("filer"), SEED / "seed.docx")["items"][0]  # 302101 may see it
    assert (mine["status"], mine["document_id"]) == ("duplicate", first["document_id"])
    assert [t["status"] for t in mine["tables"]] == ["new"] * 6  # what became of them then


def test_a_duplicate_is_recognised_by_its_hash_before_it_is_parsed(store, users, monkeypatch):
    """The upload's job body (run here in-process, as an import process runs it)."""
    from jixiao import actions
    from jixiao.actions import importing

    parsed: list[str] = []
    real = importing.ingest_bytes

    def counting(data: bytes, name: str) -> Any:
        parsed.append(name)
        return real(data, name)

    monkeypatch.setattr(importing, "ingest_bytes", counting)
    data = (SEED / "seed.docx").read_bytes()
    results = []
    for _ in range(2):
        job = actions.queue_import(store, users["admin"], "seed.docx", data)
        results.append(actions.run_import_job(store, job["id"])["result"])
        assert parsed == ["seed.docx"]
    assert [r["status"] for r in results] == ["imported", "duplicate"]


def test_an_upload_gives_counts_and_pages_its_tables(client, bearer, tmp_path):
    """A 150-table document: its counts, the first 100 tables in the response, all of them
    (with their status and project) page by page from GET /documents/{id}/tables."""
    spec = importlib.util.spec_from_file_location("bench_gen", GEN)
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    big = gen.build_docx(150, tmp_path)
    h = bearer("admin")
    result = upload(client, h, big)["items"][0]
    assert (result["table_count"], result["indicator_count"]) == (150, 150 * 56 // 6)
    assert result["statuses"]["new"] == 150 and len(result["tables"]) == 100 and result["tables_more"]
    doc = result["document_id"]
    page2 = client.get(
        f"/api/v1/documents/{doc}/tables", params={"page": 2, "per_page": 100}, headers=h
    ).json()
    assert page2["total"] == 150 and len(page2["items"]) == 50
    assert {t["status"] for t in page2["items"]} == {"new"} and all(t["project_id"] for t in page2["items"])
    assert client.get("/api/v1/projects", headers=h).json()["total"] == 150
