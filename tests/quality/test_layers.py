"""The layers, read from the source (an AST walk over every import in ``src/jixiao``, lazy
imports inside functions included):

- no module of the store imports the review rules, scoring, monitoring, the actions or any
  adapter (the store takes findings, scores and colours as data);
- no adapter (cli, api, web) imports another adapter; the app factory (``jixiao.app``)
  mounts the API and the web side by side, and the server's shared parts (``jixiao.server``)
  import neither of them nor the factory;
- no library layer imports the actions, the server or an adapter;
- nothing plugs modules in by name (``importlib.import_module``) or hides a missing one
  (``except ModuleNotFoundError``) in the adapters and the server;
- adapters write only through :mod:`jixiao.actions`: they call no store method that writes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "jixiao"
ADAPTERS = ("jixiao.cli", "jixiao.api", "jixiao.web")
LIBRARY = (
    "jixiao.model",
    "jixiao.blocks",
    "jixiao.values",
    "jixiao.taxonomy",
    "jixiao.readers",
    "jixiao.assemble",
    "jixiao.review",
    "jixiao.scoring",
    "jixiao.monitoring",
    "jixiao.store",
    "jixiao.library",
    "jixiao.export",
)
STORE_WRITES = frozenset(
    {
        "import_document",
        "create_table",
        "update_table",
        "delete_table",
        "transition",
        "bulk_load",
        "save_checkpoint",
        "save_selfeval",
        "archive_project",
        "delete_draft",
    }
)


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> Iterator[tuple[str, Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield module_name(path), path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def imports(name: str, path: Path, tree: ast.Module) -> set[str]:
    """Every module ``name`` imports, absolute, anywhere in the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base)
                mod = f"{prefix}.{node.module}" if node.module else prefix
            else:
                mod = node.module or ""
            out.add(mod)
            out.update(f"{mod}.{a.name}" for a in node.names)  # "from .. import actions"
    return {m for m in out if m == "jixiao" or m.startswith("jixiao.")}


def under(module: str, packages: tuple[str, ...]) -> str | None:
    for p in packages:
        if module == p or module.startswith(p + "."):
            return p
    return None


ALL = list(modules())


def offending(importers: tuple[str, ...], banned: tuple[str, ...]) -> list[str]:
    """Each import of a module under ``importers`` from a module under ``banned``."""
    return [
        f"{name} imports {imp}"
        for name, path, tree in ALL
        if under(name, importers)
        for imp in imports(name, path, tree)
        if under(imp, banned)
    ]


def test_the_walk_sees_the_whole_package():
    names = {n for n, _, _ in ALL}
    assert {"jixiao.store.tables", "jixiao.web.pages", "jixiao.api.routes.tables", "jixiao.actions"} <= names
    assert len(names) > 100


def test_the_store_imports_no_rules_scoring_or_adapter():
    banned = (
        "jixiao.review",
        "jixiao.scoring",
        "jixiao.monitoring",
        "jixiao.actions",
        "jixiao.server",
        *ADAPTERS,
    )
    assert offending(("jixiao.store",), banned) == []


def test_the_store_knows_no_grouping_and_the_review_no_store():
    """The library decides which indicators are peers (the store only keeps them); the review
    rules get earlier years and peers as data (review/reference.py), never from the store."""
    assert offending(("jixiao.store",), ("jixiao.library",)) == []
    assert offending(("jixiao.review",), ("jixiao.store", "jixiao.library")) == []


def test_no_adapter_imports_another_adapter():
    bad = []
    for name, path, tree in ALL:
        own = under(name, ADAPTERS)
        if own is None:
            continue
        for imp in imports(name, path, tree):
            other = under(imp, ADAPTERS)
            if other is not None and other != own:
                bad.append(f"{name} imports {imp}")
    assert bad == []


def test_no_library_layer_imports_the_actions_the_server_or_an_adapter():
    banned = ("jixiao.actions", "jixiao.server", *ADAPTERS)
    assert offending(LIBRARY, banned) == []


def test_the_actions_import_no_adapter():
    assert offending(("jixiao.actions",), (*ADAPTERS, "jixiao.server", "jixiao.app")) == []


def test_the_servers_shared_parts_import_no_adapter_and_not_the_factory():
    """API and web both stand on jixiao.server; an import from it back up to either (or to
    jixiao.app, which mounts them) would tie the floors into a circle."""
    assert offending(("jixiao.server",), (*ADAPTERS, "jixiao.app")) == []


@pytest.mark.parametrize("package", [*ADAPTERS, "jixiao.server", "jixiao.app"])
def test_nothing_is_plugged_in_by_name(package):
    bad = []
    for name, _path, tree in ALL:
        if under(name, (package,)) is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "import_module":
                bad.append(f"{name}:{node.lineno} importlib.import_module")
            if isinstance(node, ast.ExceptHandler) and "ModuleNotFoundError" in ast.unparse(
                node.type or ast.Pass()
            ):
                bad.append(f"{name}:{node.lineno} except ModuleNotFoundError")
    assert bad == []


def test_adapters_write_only_through_the_actions():
    bad = []
    for name, _path, tree in ALL:
        if under(name, ADAPTERS) is None:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in STORE_WRITES
                and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "actions")
            ):
                bad.append(f"{name}:{node.lineno} {ast.unparse(node.func)}")
    assert bad == []
