"""Each user action has one home: the CLI, the REST API and the web call the same function of
:mod:`jixiao.actions` for it.  A spy wraps our own action (it still runs) and records which
adapter reached it; each adapter is then driven once, the way a user would."""

from __future__ import annotations

import importlib
import json
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import jixiao.actions
from jixiao.app import create_app
from jixiao.cli.app import app as cli
from jixiao.scoring.excel import actuals_template
from jixiao.server.settings import Settings
from jixiao.store import Store

with warnings.catch_warnings():  # starlette asks for httpx2, which is not installed; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED = CORPUS / "seed" / "seed.docx"
SELFEVAL = CORPUS / "dev" / "07" / "case.docx"


@dataclass
class Spy:
    """Counts the calls of one action (wrapped where it is defined and where it is exported)."""

    name: str
    calls: list[tuple[Any, ...]] = field(default_factory=list)

    def reset(self) -> None:
        self.calls.clear()


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str], Spy]:
    def make(module: str, name: str) -> Spy:
        mod = importlib.import_module(f"jixiao.actions.{module}")
        real = getattr(mod, name)
        record = Spy(name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            record.calls.append(args)
            return real(*args, **kwargs)

        monkeypatch.setattr(mod, name, wrapper)
        monkeypatch.setattr(jixiao.actions, name, wrapper)
        return record

    return make


@dataclass
class World:
    store: Store
    api: TestClient
    web: TestClient
    web_csrf: str
    cli: CliRunner
    tmp: Path

    def project_id(self) -> int:
        items, _ = self.store.list_projects()
        return int(min(i["id"] for i in items))

    def target_id(self) -> int:
        return int(self.store.get_project(self.project_id())["target"]["id"])


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_hashes: None) -> Iterator[World]:
    url = f"sqlite:///{tmp_path / 'jixiao.db'}"
    monkeypatch.setenv("JIXIAO_DATABASE_URL", url)
    store = Store(url, upgrade=True)
    store.add_user("admin", "password-admin", "admin")
    app = create_app(store=store, settings=Settings(database_url=url))
    with TestClient(app) as api, TestClient(app) as web:
        token = api.post("/api/v1/auth/token", json={"username": "admin", "password": "password-admin"})
        api.headers["Authorization"] = f"Bearer {token.json()['token']}"
        login = web.get("/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
        web.post("/login", data={"username": "admin", "password": "password-admin", "csrf_token": csrf})
        home = web.get("/").text
        session_csrf = re.search(r'"X-CSRF-Token": "([^"]+)"', home).group(1)
        web.headers["X-CSRF-Token"] = session_csrf
        yield World(store, api, web, session_csrf, CliRunner(), tmp_path)
    store.close()


def test_import_check_score_and_export_have_one_function_each(world: World, spy: Any) -> None:
    imp = spy("importing", "import_file")
    assert world.cli.invoke(cli, ["ingest", "--db", str(SEED)]).exit_code == 0
    assert len(imp.calls) == 1, "jixiao ingest --db"
    imp.reset()
    # The API and the web queue the file (one action); the job's body is that same import
    # action, run in an import process (jixiao.jobs), so it is counted below in this one.
    queued = spy("jobs", "queue_import")
    files = {"files": ("seed.docx", SEED.read_bytes(), "application/octet-stream")}
    assert world.api.post("/api/v1/documents", files=files).status_code == 200
    assert len(queued.calls) == 1, "POST /api/v1/documents"
    queued.reset()
    files = {"file": ("seed.docx", SEED.read_bytes(), "application/octet-stream")}
    assert world.web.post("/import", files=files).status_code == 200
    assert len(queued.calls) == 1, "web /import"
    job = jixiao.actions.queue_import(world.store, None, "seed.docx", SEED.read_bytes())
    assert jixiao.actions.run_import_job(world.store, job["id"])["result"]["status"] == "duplicate"
    assert len(imp.calls) == 1, "the import job's body"

    pid, tid = world.project_id(), world.target_id()
    check = spy("checking", "check_document")
    assert world.cli.invoke(cli, ["check", str(SEED)]).exit_code in (0, 1)
    assert check.calls, "jixiao check"
    check.reset()
    table = world.store.get_table(tid)["table"]
    assert world.api.post("/api/v1/check", json={"table": table}).status_code == 200
    assert check.calls, "POST /api/v1/check"
    check.reset()
    assert world.web.post(f"/tables/{tid}/check", data={"name": ["x"], "target": ["≥1个"]}).status_code == 200
    assert check.calls, "the editor's live check"

    score = spy("scoring", "score_table")
    assert world.cli.invoke(cli, ["score", str(SELFEVAL)]).exit_code == 0
    assert score.calls, "jixiao score"
    score.reset()
    assert world.api.post("/api/v1/score", json={"table": table}).status_code == 200
    assert score.calls, "POST /api/v1/score"
    score.reset()
    assert world.web.get(f"/projects/{pid}/selfeval").status_code == 200
    assert score.calls, "the web's self-evaluation page"

    export = spy("exporting", "export_document")
    out = world.tmp / "seed.json"
    assert world.cli.invoke(cli, ["export", str(SEED), "--to", "json", "-o", str(out)]).exit_code == 0
    assert export.calls, "jixiao export"
    export.reset()
    assert world.api.get(f"/api/v1/projects/{pid}/export", params={"format": "json"}).status_code == 200
    assert export.calls, "GET /api/v1/projects/{id}/export"
    export.reset()
    assert world.web.get(f"/projects/{pid}/export.json").status_code == 200
    assert export.calls, "the web's export link"


def test_workflow_and_the_year_stages_have_one_function_each(world: World, spy: Any) -> None:
    world.cli.invoke(cli, ["ingest", "--db", str(SEED)])
    pid = world.project_id()
    step = spy("records", "transition")
    assert world.api.post(f"/api/v1/projects/{pid}/transitions", json={"action": "submit"}).status_code == 200
    assert step.calls, "POST /api/v1/projects/{id}/transitions"
    step.reset()
    version = world.store.get_project(pid)["target"]["version"]
    r = world.web.post(f"/projects/{pid}/workflow", data={"action": "approve", "version": str(version)})
    assert r.status_code in (200, 303) and step.calls, "the web's workflow buttons"
    step.reset()
    assert world.cli.invoke(cli, ["project", "transition", str(pid), "reopen"]).exit_code == 0
    assert step.calls, "jixiao project transition"

    checkpoint = spy("stages", "record_checkpoint")
    body = {"as_of": "2025-07-31", "executed": 10, "indicators": []}
    assert world.api.post(f"/api/v1/projects/{pid}/checkpoints", json=body).status_code == 200
    assert checkpoint.calls, "POST /api/v1/projects/{id}/checkpoints"
    checkpoint.reset()
    r = world.web.post(f"/projects/{pid}/checkpoint", data={"as_of": "2025-07-31", "executed": "10"})
    assert r.status_code in (200, 303) and checkpoint.calls, "the web's checkpoint form"
    checkpoint.reset()
    (world.tmp / "checkpoint.json").write_text(json.dumps(body), encoding="utf-8")
    r = world.cli.invoke(cli, ["project", "checkpoint", str(pid), str(world.tmp / "checkpoint.json")])
    assert r.exit_code == 0 and checkpoint.calls, "jixiao project checkpoint"

    selfeval = spy("stages", "save_selfeval")
    n = len(world.store.get_project(pid)["target"]["table"]["indicators"])
    body = {"actuals": ["1个"] * n, "executed": 50}
    assert world.api.put(f"/api/v1/projects/{pid}/selfeval", json=body).status_code == 200
    assert selfeval.calls, "PUT /api/v1/projects/{id}/selfeval"
    selfeval.reset()
    r = world.web.post(f"/projects/{pid}/selfeval", data={"executed": "50"})
    assert r.status_code in (200, 303) and selfeval.calls, "the web's self-evaluation form"
    selfeval.reset()
    (world.tmp / "selfeval.json").write_text(json.dumps(body), encoding="utf-8")
    r = world.cli.invoke(cli, ["project", "selfeval", str(pid), str(world.tmp / "selfeval.json")])
    assert r.exit_code == 0 and selfeval.calls, "jixiao project selfeval (a JSON body)"
    selfeval.reset()
    xlsx = world.tmp / "actuals.xlsx"
    xlsx.write_bytes(actuals_template(jixiao.actions.project_target(world.store, None, pid)))
    r = world.cli.invoke(cli, ["project", "selfeval", str(pid), str(xlsx)])
    assert r.exit_code == 0 and selfeval.calls, "jixiao project selfeval (the actuals template)"

    delete = spy("records", "delete_table")
    cp = world.store.get_project(pid)["checkpoints"][0]["id"]
    assert world.api.delete(f"/api/v1/projects/{pid}/tables/{cp}").status_code == 200
    assert delete.calls, "DELETE /api/v1/projects/{id}/tables/{table_id}"
    delete.reset()
    se = world.store.get_project(pid)["selfeval"]["id"]
    r = world.web.post(f"/projects/{pid}/tables/{se}/delete")
    assert r.status_code in (200, 303) and delete.calls, "the web's delete button"

    archive = spy("records", "archive_project")
    assert world.api.post(f"/api/v1/projects/{pid}/archive", json={"archived": True}).status_code == 200
    assert archive.calls, "POST /api/v1/projects/{id}/archive"
    archive.reset()
    r = world.web.post(f"/projects/{pid}/archive", data={"archived": "0"})
    assert r.status_code in (200, 303) and archive.calls, "the web's archive button"


def test_demo_seeding_is_one_function(world: World, spy: Any) -> None:
    demo = spy("demo", "prepare_demo")
    r = world.cli.invoke(cli, ["demo", "--no-serve", "--db", str(world.tmp / "demo.db")])
    assert r.exit_code == 0, r.output
    assert demo.calls, "jixiao demo"
