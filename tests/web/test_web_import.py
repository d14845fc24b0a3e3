"""The web's import form (on SQLite and PostgreSQL, through the real app): who may post a
file, and the header fields a file may leave out."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from jixiao.app import create_app
from jixiao.server.settings import Settings

with warnings.catch_warnings():  # starlette asks for httpx2, which is not installed; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture
def web(store, users):
    """signed_in(role) → a TestClient with that role's browser session and CSRF header."""
    app = create_app(store=store, settings=Settings(database_url=store.url))
    opened = []

    def signed_in(role: str) -> TestClient:
        c = TestClient(app)
        opened.append(c)
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
        r = c.post("/login", data={"username": role, "password": f"password-{role}", "csrf_token": token})
        assert r.status_code == 200, r.text
        c.headers["X-CSRF-Token"] = re.search(r'"X-CSRF-Token": "([^"]+)"', c.get("/").text).group(1)
        return c

    with TestClient(app):  # the app's lifespan runs its import runner (:mod:`jixiao.jobs`)
        yield signed_in
    for c in opened:
        c.close()


def test_a_viewer_posting_a_file_to_the_web_import_gets_403(web, store):
    seed = (CORPUS / "seed" / "seed.docx").read_bytes()
    viewer = web("viewer")
    assert viewer.get("/import").status_code == 403
    r = viewer.post("/import", files={"file": ("seed.docx", seed, "application/octet-stream")})
    assert r.status_code == 403 and "seed.docx" not in r.text
    assert store.list_projects()[1] == 0 and store.list_documents()[1] == 0


def test_the_web_import_fills_the_unit_and_the_year_and_shows_each_tables_status(web, store):
    admin = web("admin")
    dev12 = (CORPUS / "dev" / "12" / "case.docx").read_bytes()
    r = admin.post(
        "/import",
        files={"file": ("dev12.docx", dev12, "application/octet-stream")},
        data={"unit": "302101"},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and 'data-import-status="new"' in r.text and "302101" in r.text
    seed = (CORPUS / "seed" / "seed.docx").read_bytes()
    r = admin.post(
        "/import", files={"file": ("seed.docx", seed, "application/octet-stream")}, data={"year": "2025"}
    )
    assert r.status_code == 200 and r.text.count('data-import-status="new"') == 6
    pdf = (CORPUS / "seed" / "seed.pdf").read_bytes()
    r = admin.post(
        "/import", files={"file": ("seed.pdf", pdf, "application/octet-stream")}, data={"year": "2025"}
    )
    assert r.status_code == 200 and r.text.count('data-import-status="same"') == 6
    items, total = store.list_projects()
    assert total == 7 and {i["year"] for i in items} == {2020, 2025}
    r = admin.post(
        "/import", files={"file": ("dev12.docx", dev12, "application/octet-stream")}, data={"year": "20x5"}
    )
    assert r.status_code == 400 and "20x5" in r.text


def test_an_import_still_running_shows_its_progress_then_its_result(web, store, users):
    """A job not yet finished: the page shows its stage and progress and polls its fragment;
    once run, the same fragment is the file's result."""
    from jixiao import actions

    filer = web("filer")
    seed = (CORPUS / "seed" / "seed.docx").read_bytes()
    job = actions.queue_import(store, users["filer"], "seed.docx", seed)  # queued, not handed to a runner
    waiting = filer.get(f"/import/jobs/{job['id']}")
    assert waiting.status_code == 200
    assert 'data-result="running"' in waiting.text and f'hx-get="/import/jobs/{job["id"]}"' in waiting.text
    assert 'data-job-stage="queued"' in waiting.text and "<progress" in waiting.text
    assert "seed.docx" in filer.get("/import").text  # the user's recent imports
    assert web("other").get(f"/import/jobs/{job['id']}").status_code == 404  # not another filer's
    actions.run_import_job(store, job["id"])
    done = filer.get(f"/import/jobs/{job['id']}")
    assert 'data-result="running"' not in done.text and "hx-get" not in done.text
    assert 'data-tables="6"' in done.text
