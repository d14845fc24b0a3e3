"""Strict type checking over the whole package, CLI and web included (STYLE.md 13).

mypy runs once with the ``[tool.mypy]`` configuration of pyproject.toml.  Packages that are
not clean yet (:data:`PENDING`) carry a per-package relaxation there, marked "to be
tightened"; every other module of the package must stay fully strict.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

# Packages still being written by their authors: they may carry a relaxation for now.
# Shrink this as they become clean; never add to it.
PENDING: tuple[str, ...] = ()


# The flags --strict turns on (mypy --help); none may be switched off for the whole package.
_STRICT_FLAGS = (
    "warn_unused_configs",
    "disallow_any_generics",
    "disallow_subclassing_any",
    "disallow_untyped_calls",
    "disallow_untyped_defs",
    "disallow_incomplete_defs",
    "check_untyped_defs",
    "disallow_untyped_decorators",
    "warn_redundant_casts",
    "warn_unused_ignores",
    "warn_return_any",
    "no_implicit_reexport",
    "strict_equality",
    "extra_checks",
)


def _mypy_config() -> dict[str, Any]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mypy: dict[str, Any] = config["tool"]["mypy"]
    return mypy


def _is_under(module: str, prefixes: tuple[str, ...]) -> bool:
    name = module.removesuffix(".*")
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _strict_module(module: str) -> bool:
    """Is ``module`` (a pattern from an override) one that must stay fully strict?"""
    name = module.removesuffix(".*")
    return _is_under(name, ("jixiao",)) and not _is_under(name, PENDING)


def test_the_configuration_is_strict_and_covers_cli_and_web() -> None:
    mypy = _mypy_config()
    assert mypy.get("strict") is True
    assert mypy.get("files") == ["src/jixiao"]
    assert "exclude" not in mypy, "nothing under src/jixiao is left out of type checking"
    assert "disable_error_code" not in mypy, "relax a pending package in an override, not everything"
    loosened = [k for k in _STRICT_FLAGS if mypy.get(k) is False]
    assert not loosened, f"these flags of --strict are switched off for every module: {loosened}"
    for override in mypy.get("overrides", []):
        modules = override["module"]
        modules = [modules] if isinstance(modules, str) else modules
        options = set(override) - {"module"}
        assert "ignore_errors" not in options, f"ignore_errors hides whole modules: {modules}"
        if options == {"ignore_missing_imports"}:
            own = [m for m in modules if m == "jixiao" or m.startswith("jixiao.")]
            assert not own, f"ignore_missing_imports is for untyped third-party libraries, not {own}"
            continue
        relaxed = [m for m in modules if _strict_module(m)]
        assert not relaxed, f"{relaxed} must stay fully strict; fix the types instead of relaxing {options}"


def test_mypy_strict_passes() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, "mypy --strict found errors:\n" + proc.stdout + proc.stderr
