"""What the commands print, now that they import lazily: ``ingest --json`` gives the bytes the
json module gave, the help texts that name a library's choices name them all."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli.app import app
from jixiao.cli.export import FORMAT_NAMES
from jixiao.export import FORMATS
from jixiao.ingest import ingest_file
from jixiao.readers import _CONVERTED, office

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed"


def before(*paths: Path) -> bytes:
    dicts = []
    for p in paths:
        d = dataclasses.asdict(ingest_file(p))
        dicts.append({"schema": d.pop("schema"), **d})
    payload = dicts[0] if len(dicts) == 1 else dicts
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode()


def test_ingest_json_prints_the_same_bytes_as_before() -> None:
    runner = CliRunner()
    one = runner.invoke(app, ["ingest", str(SEED / "seed.docx"), "--json"])
    assert one.exit_code == 0 and one.stdout_bytes == before(SEED / "seed.docx")
    two = runner.invoke(app, ["ingest", str(SEED / "seed.docx"), str(SEED / "seed.xlsx"), "--json"])
    assert two.exit_code == 0 and two.stdout_bytes == before(SEED / "seed.docx", SEED / "seed.xlsx")


def test_the_export_help_names_every_format() -> None:
    assert FORMAT_NAMES == tuple(FORMATS)


def test_the_reader_knows_which_formats_libreoffice_converts() -> None:
    assert set(office.FORMATS) == _CONVERTED


def test_a_whole_process_prints_what_the_library_reads_and_in_process_the_collector_stays_on() -> None:
    """The console script runs one file with the cyclic collector off and freezes at exit
    (cli/app.py main): its bytes are the library's, and the same command run in-process (click's
    runner) leaves the collector on and nothing frozen."""
    import gc
    import subprocess
    import sys

    for name in ("seed.docx", "seed.xlsx"):
        proc = subprocess.run(
            [sys.executable, "-m", "jixiao", "ingest", str(SEED / name), "--json"],
            capture_output=True,
            timeout=120,
        )
        assert proc.returncode == 0 and proc.stdout == before(SEED / name)
    frozen = gc.get_freeze_count()
    one = CliRunner().invoke(app, ["ingest", str(SEED / "seed.xlsx"), "--json"])
    assert one.exit_code == 0 and gc.isenabled() and gc.get_freeze_count() == frozen
