"""The compiled build (setup.py, jixiao.build_info): what runs is what was built, and what the
tests run is what users run.

- A compiled module whose source changed since it was built is stale: Python loads the ``.so``
  beside the ``.py`` first, so an editable install would quietly run the old code.
- ``scripts/test.sh`` installs the compiled build and sets ``JIXIAO_EXPECT_COMPILED=1``: then
  every module on the list must be loaded compiled, so the suite never tests pure code while the
  benches time compiled code (or the reverse).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao import build_info

FIX = "the compiled build is older than its source: run `pip install -e .` (or JIXIAO_PURE=1 pip install -e . for a pure build)"


def test_no_compiled_module_is_stale() -> None:
    stale = build_info.stale()
    assert not stale, f"{', '.join(stale)}: {FIX}"


@pytest.mark.skipif(
    os.environ.get("JIXIAO_EXPECT_COMPILED") != "1", reason="JIXIAO_EXPECT_COMPILED=1 not set"
)
def test_the_listed_modules_run_compiled() -> None:
    pure = []
    for module in build_info.COMPILED:
        loaded = importlib.import_module(f"jixiao.{module}")
        if not any(str(loaded.__file__).endswith(s) for s in importlib.machinery.EXTENSION_SUFFIXES):
            pure.append(f"jixiao.{module} ({loaded.__file__})")
    assert not pure, (
        "JIXIAO_EXPECT_COMPILED=1 but these run as Python source: "
        + ", ".join(pure)
        + " — install the compiled build (`pip install -e .` with a C compiler, JIXIAO_PURE unset)"
    )


def test_stale_finds_a_source_changed_after_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check itself, on a package laid out like an install: a hash that matches is fresh,
    an edited source is stale, and without a record an extension older than its source is stale."""
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    (tmp_path / "assemble").mkdir()
    source = tmp_path / "assemble" / "grid.py"
    source.write_text("X = 1\n", encoding="utf-8")
    extension = source.with_suffix(suffix)
    extension.write_bytes(b"")
    monkeypatch.setattr(build_info, "_PACKAGE", tmp_path)
    monkeypatch.setattr(build_info, "COMPILED", ("assemble.grid", "readers.xlsx"))
    record = {"sources": {"assemble.grid": hashlib.sha256(b"X = 1\n").hexdigest()}}
    (tmp_path / build_info.MANIFEST).write_text(json.dumps(record), encoding="utf-8")

    assert build_info.compiled_modules() == ["assemble.grid"]
    assert not build_info.is_compiled()
    assert build_info.stale() == []
    source.write_text("X = 2\n", encoding="utf-8")
    assert build_info.stale() == ["assemble.grid"]
    assert "STALE" in build_info.describe() and "pip install -e ." in build_info.describe()

    (tmp_path / build_info.MANIFEST).unlink()
    os.utime(extension, (1_000_000, 1_000_000))
    assert build_info.stale() == ["assemble.grid"]
    os.utime(source, (500_000, 500_000))
    assert build_info.stale() == []


def test_build_info_tells_compiled_or_pure() -> None:
    """``python -m jixiao.build_info`` — what a user asks — agrees with what is loaded."""
    out = subprocess.run(
        [sys.executable, "-m", "jixiao.build_info"], capture_output=True, text=True, check=True
    ).stdout
    first = out.splitlines()[0]
    if build_info.is_compiled():
        assert f"compiled (mypyc): {len(build_info.COMPILED)} modules" in first
    elif not build_info.compiled_modules():
        assert "pure Python" in first
    for module in build_info.COMPILED:
        assert f"jixiao.{module}: " in out


def test_from_source_loads_the_python_of_every_listed_module() -> None:
    """JIXIAO_FROM_SOURCE=1 (coverage's pure run in .ci/run) loads the .py even where a .so exists."""
    names = [f"jixiao.{module}" for module in build_info.COMPILED]
    code = f"import importlib; print([importlib.import_module(n).__file__ for n in {names!r}])"
    env = {**os.environ, "JIXIAO_FROM_SOURCE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    files = eval(out.stdout)  # a list literal printed by the child
    said = subprocess.run(
        [sys.executable, "-c", "import jixiao; from jixiao.build_info import describe; print(describe())"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    if build_info.compiled_modules():  # the benches print this: a pure run must not claim compiled
        assert said.startswith("pure Python: the ") and "loaded from source" in said
        main = subprocess.run(
            [sys.executable, "-m", "jixiao.build_info"], capture_output=True, text=True, check=True, env=env
        ).stdout
        assert main.splitlines()[0].endswith(said.strip())
    assert files == [str(build_info.source_path(module)) for module in build_info.COMPILED]


def test_setup_reads_the_one_list() -> None:
    """setup.py compiles exactly build_info.COMPILED (read from the file, jixiao not imported)."""
    root = Path(__file__).resolve().parents[2]
    code = "import runpy; print(runpy.run_path('setup.py', run_name='setup')['compiled_modules']())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip().splitlines()[-1] == repr(list(build_info.COMPILED))
