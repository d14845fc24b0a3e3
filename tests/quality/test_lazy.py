"""The packages whose exports load on first use (:mod:`jixiao.lazy`) list each name three
times — the map to its submodule, the imports the type checker reads, ``__all__`` — and the
three agree, and every name resolves to the object its submodule defines."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
LAZY = ["jixiao.actions", "jixiao.store"]


def type_checking_imports(package: str) -> dict[str, str]:
    path = SRC / Path(*package.split(".")) / "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    (block,) = [n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"]
    return {
        alias.name: node.module or ""
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


@pytest.mark.parametrize("package", LAZY)
def test_the_three_lists_agree(package: str) -> None:
    module = importlib.import_module(package)
    assert type_checking_imports(package) == module.EXPORTS
    assert sorted(module.__all__) == sorted(module.EXPORTS)


@pytest.mark.parametrize("package", LAZY)
def test_every_export_is_its_submodules_object(package: str) -> None:
    module = importlib.import_module(package)
    for name, sub in module.EXPORTS.items():
        assert getattr(module, name) is getattr(importlib.import_module(f"{package}.{sub}"), name)
    assert set(module.EXPORTS) <= set(dir(module))
    with pytest.raises(AttributeError, match="no_such_name"):
        module.no_such_name  # noqa: B018


def test_a_submodule_loads_without_its_siblings() -> None:
    """The point of it: validating a table (jixiao.store.rows) or checking (jixiao.actions.checking)
    does not load SQLAlchemy."""
    probe = "import sys, jixiao.store.rows, jixiao.actions.checking; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
