"""Each command imports only what it uses (issue 17): the commands that read, check and export
files never load the database, the password hasher or the web stack, and nothing heavy runs
at import time.  Each case is a real ``jixiao`` process (``python -m jixiao``) that reports the
modules it loaded when it exits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "corpus" / "seed" / "seed.docx"
XLSX = ROOT / "tests" / "corpus" / "seed" / "seed.xlsx"
# The store, the password hasher and the web stack: none is needed to read or check a file.
SERVER_SIDE = ("sqlalchemy", "psycopg", "argon2", "fastapi", "jinja2", "starlette", "alembic", "uvicorn")
# Loaded only for what needs them: a table on the screen, the LibreOffice conversion, a pool.
NOT_FOR_JSON = ("rich", "pydantic", "subprocess", "concurrent.futures", "multiprocessing", "openpyxl")
# Loaded only for a text that needs it: OpenCC for a Traditional character (jixiao/script.py).
NOT_FOR_SIMPLIFIED = ("opencc",)

# The child runs the real entry point, then writes sys.modules to the file named in argv[1]
# (atexit runs after click's standalone mode has raised SystemExit with the exit status).
PROBE = """
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "jixiao"
from jixiao.cli.app import main
main()
"""


def loaded(tmp_path: Path, *args: str) -> tuple[set[str], int, str]:
    out = tmp_path / "modules.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHONWARN")}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    roots = {m.split(".")[0] for m in json.loads(out.read_text())} | set(json.loads(out.read_text()))
    return roots, proc.returncode, proc.stdout


def banned(mods: set[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if n in mods]


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("ingest", "--help"),
        ("check", str(SEED)),
        ("check", "--format", "json", str(SEED)),
        ("ingest", str(SEED)),
        ("rules",),
        ("rules", "JX204"),
        ("export", str(SEED), "--to", "json", "-o", "-"),
        ("score", "--help"),
        ("project", "--help"),
        ("project", "selfeval", "--help"),
    ],
    ids=lambda a: " ".join(Path(x).name if "/" in x else x for x in a),
)
def test_reading_and_checking_never_load_the_store_or_the_web(tmp_path: Path, args: tuple[str, ...]) -> None:
    mods, code, _ = loaded(tmp_path, *args)
    assert code in (0, 1)  # check exits 1 when a finding is an error
    assert banned(mods, SERVER_SIDE) == []


@pytest.mark.parametrize("path", [SEED, XLSX], ids=lambda p: p.name)
def test_ingest_json_loads_neither_rich_nor_a_process_pool(tmp_path: Path, path: Path) -> None:
    mods, code, stdout = loaded(tmp_path, "ingest", str(path), "--json")
    assert code == 0 and json.loads(stdout)["schema"] == "jixiao/1"
    assert banned(mods, SERVER_SIDE + NOT_FOR_JSON + NOT_FOR_SIMPLIFIED) == []


OTHER_COMMANDS = tuple(
    f"jixiao.cli.{m}"
    for m in ("check", "db", "demo", "export", "library", "project", "score", "serve", "user", "worker")
)


def test_ingest_json_loads_no_other_command(tmp_path: Path) -> None:
    """``jixiao ingest X.xlsx --json`` imports the ingest command's module and none of the other
    ten (group.LazyGroup), nor the actions layer that several of them import."""
    mods, code, stdout = loaded(tmp_path, "ingest", str(XLSX), "--json")
    assert code == 0 and json.loads(stdout)["schema"] == "jixiao/1"
    assert "jixiao.cli.ingest" in mods
    assert banned(mods, (*OTHER_COMMANDS, "jixiao.actions")) == []


def test_every_command_is_named_with_its_module() -> None:
    """group.COMMANDS is the command tree: importing each module it names registers exactly the
    commands it names (a command left out of it would be missing from ``jixiao --help``)."""
    from jixiao.cli.group import COMMANDS, app, load

    for module in set(COMMANDS.values()):
        load(module)
    assert set(app.commands) == set(COMMANDS)
    registered = {name: cmd.callback.__module__ for name, cmd in app.commands.items() if cmd.callback}
    assert registered == {name: f"jixiao.cli.{m}" for name, m in COMMANDS.items()}


def test_help_loads_no_library_layer(tmp_path: Path) -> None:
    mods, code, stdout = loaded(tmp_path, "--help")
    assert code == 0 and "ingest" in stdout
    layers = ("jixiao.ingest", "jixiao.readers", "jixiao.assemble", "jixiao.review", "jixiao.store.core")
    assert [m for m in layers if m in mods] == []
    assert "rich" not in mods and "pydantic" not in mods


def test_the_store_is_loaded_when_a_command_needs_it(tmp_path: Path) -> None:
    """The probe sees what it should: ``ingest --db`` does load the store."""
    mods, code, _ = loaded(tmp_path, "ingest", "--db", str(SEED))
    assert code == 0
    assert {"sqlalchemy", "jixiao.store.core"} <= mods


def test_importing_the_store_does_no_work() -> None:
    """No password hashing, engine or policy loading at import time: importing every store and
    actions module costs no argon2 hash (~50 ms each) and opens no database."""
    probe = (
        "import time, argon2\n"
        "calls = []\n"
        "real = argon2.PasswordHasher.hash\n"
        "argon2.PasswordHasher.hash = lambda self, *a, **k: calls.append(1) or real(self, *a, **k)\n"
        "import sqlalchemy\n"
        "engines = []\n"
        "real_engine = sqlalchemy.create_engine\n"
        "sqlalchemy.create_engine = lambda *a, **k: engines.append(1) or real_engine(*a, **k)\n"
        "import jixiao.store, jixiao.actions, jixiao.app\n"
        "from jixiao.store import Store\n"
        "for name in jixiao.actions.__all__: getattr(jixiao.actions, name)\n"
        "print(len(calls), len(engines))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.split() == ["0", "0"]
