"""Uploads are import jobs: while one user's large upload is importing (its request still
waiting), another user's pages answer; the job's progress and then its result are visible
(``GET /jobs/{id}``), and an upload told not to wait answers 202 with its job."""

from __future__ import annotations

import importlib.util
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "corpus" / "seed" / "seed.docx"


def _big(tmp_path: Path, n: int) -> Path:
    spec = importlib.util.spec_from_file_location("bench_gen", ROOT / "bench" / "gen.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return Path(gen.build_docx(n, tmp_path))


def _files(path: Path) -> dict[str, Any]:
    return {"files": (path.name, path.read_bytes(), "application/octet-stream")}


def test_other_pages_answer_while_a_large_upload_is_importing(client, bearer, tmp_path):
    big = _big(tmp_path, 300)
    admin, viewer = bearer("admin"), bearer("viewer")
    answer: dict[str, Any] = {}

    def upload() -> None:
        answer["r"] = client.post("/api/v1/documents", files=_files(big), headers=admin)

    thread = threading.Thread(target=upload)
    thread.start()
    deadline = time.monotonic() + 120
    running: list[dict[str, Any]] = []
    while not running:
        assert time.monotonic() < deadline and thread.is_alive(), "the import never ran"
        running = client.get("/api/v1/jobs", params={"active": "true"}, headers=admin).json()["items"]
        running = [j for j in running if j["status"] == "running"]
        time.sleep(0.05)
    job = running[0]
    assert job["stage"] in ("reading", "checking", "storing") and 0 <= job["progress"] <= 100
    page = client.get("/api/v1/projects", headers=viewer)
    assert page.status_code == 200
    assert thread.is_alive(), "the upload had already answered: nothing was shown"
    thread.join(180)
    body = answer["r"].json()
    assert answer["r"].status_code == 200, body
    (item,) = body["items"]
    assert item["status"] == "imported" and item["table_count"] == 300 and item["job_id"] == job["id"]
    done = client.get(f"/api/v1/jobs/{job['id']}", headers=admin).json()["item"]
    assert (done["status"], done["progress"], done["result"]["table_count"]) == ("done", 100, 300)
    # another user's job is not theirs to see
    assert client.get(f"/api/v1/jobs/{job['id']}", headers=bearer("filer")).status_code == 404


def test_an_upload_that_does_not_wait_answers_202_with_its_job(client, bearer):
    h = bearer("admin")
    r = client.post("/api/v1/documents", params={"wait": 0}, files=_files(SEED), headers=h)
    assert r.status_code == 202, r.text
    body = r.json()
    (job_id,) = body["jobs"]
    assert body["pending"] == 1 and body["items"][0]["job_id"] == job_id
    assert body["items"][0]["status"] in ("queued", "running")
    deadline = time.monotonic() + 120
    while (job := client.get(f"/api/v1/jobs/{job_id}", headers=h).json()["item"])["status"] != "done":
        assert time.monotonic() < deadline, job
        time.sleep(0.1)
    assert job["result"]["status"] == "imported" and job["result"]["table_count"] == 6


def test_a_viewer_cannot_queue_an_import(client, bearer):
    r = client.post("/api/v1/documents", files=_files(SEED), headers=bearer("viewer"))
    assert r.status_code == 403
    assert client.get("/api/v1/jobs", headers=bearer("admin")).json()["total"] == 0


def test_a_nul_in_the_unit_is_a_422_and_in_a_file_name_is_dropped(client, bearer, store, users):
    """PostgreSQL text cannot hold a NUL: a unit code with one was a 500 there (found by the
    fuzz test); a file's name loses its NULs, which say nothing."""
    from jixiao import actions

    h = bearer("admin")
    r = client.post("/api/v1/documents", data={"unit": "302\x00101"}, files=_files(SEED), headers=h)
    assert r.status_code == 422 and "NUL" in r.text
    assert client.get("/api/v1/jobs", headers=h).json()["total"] == 0  # nothing queued
    job = actions.queue_import(store, users["admin"], "se\x00ed.docx", SEED.read_bytes())
    assert job["name"] == "seed.docx"
