"""Whether this install of jixiao runs the reading hot path compiled (mypyc), and which modules.

:data:`COMPILED` is the one list of the modules the build compiles with mypyc: ``setup.py`` reads
it from this file (without importing jixiao), the tests check against it, and
``python -m jixiao.build_info`` reports on it.  Choose a module by measurement (bench/README.md,
"Compiled"): it stays on the list only if the benches show it pays and every test passes compiled.

The module looks at files only — it imports no compiled module and nothing outside the standard
library — so asking costs a few ``stat`` calls.  Run it as::

    python -m jixiao.build_info          # "compiled (mypyc): 7 modules" or "pure Python: …"

A compiled module is *stale* when its source changed after it was built (an editable install,
``pip install -e .``, keeps the ``.so`` beside the ``.py``, and Python loads the ``.so`` first):
the build records the SHA-256 of each source it compiled in ``_build.json``; :func:`stale`
names the modules whose source no longer matches.  The fix is to build again: ``pip install -e .``.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

# The reading hot path: .xlsx/.docx blocks → rows → a jixiao/1 Document.  Module names relative
# to the package (``assemble.grid`` is ``jixiao.assemble.grid``).
COMPILED: tuple[str, ...] = (
    "assemble.grid",
    "assemble.rows",
    "assemble.document",
    "assemble.header",
    "assemble.draft",
    "readers._sheet",
    "readers.xlsx",
)

# Written by the build beside this file: {"compiled": [...], "sources": {module: sha256}, ...};
# absent from a pure install (and from a source checkout never built).
MANIFEST = "_build.json"

_PACKAGE = Path(__file__).resolve().parent


def source_path(module: str) -> Path:
    """The ``.py`` of a module on :data:`COMPILED` (relative name)."""
    return _PACKAGE.joinpath(*module.split(".")).with_suffix(".py")


def extension_path(module: str) -> Path | None:
    """The compiled extension beside the module's source, or None when there is none."""
    source = source_path(module)
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = source.with_suffix(suffix)
        if candidate.exists():
            return candidate
    return None


def source_hash(module: str) -> str:
    """SHA-256 of the module's source, as the build records it."""
    return hashlib.sha256(source_path(module).read_bytes()).hexdigest()


def compiled_modules() -> list[str]:
    """The modules of :data:`COMPILED` that have a compiled extension in this install."""
    return [module for module in COMPILED if extension_path(module) is not None]


def is_compiled() -> bool:
    """True when every module on :data:`COMPILED` has its compiled extension installed."""
    return len(compiled_modules()) == len(COMPILED)


def manifest() -> dict[str, object]:
    """The build's record (``_build.json``), or an empty dict when there is none."""
    try:
        data = json.loads((_PACKAGE / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def stale() -> list[str]:
    """Compiled modules whose source differs from the source they were built from.

    A module counts as stale when the build's record has no hash for it, or a different one, or
    (no record at all) when its extension is older than its source.
    """
    recorded = manifest().get("sources")
    hashes = recorded if isinstance(recorded, dict) else None
    out = []
    for module in compiled_modules():
        if hashes is not None:
            if hashes.get(module) != source_hash(module):
                out.append(module)
            continue
        extension = extension_path(module)
        assert extension is not None
        if extension.stat().st_mtime < source_path(module).stat().st_mtime:
            out.append(module)
    return out


def describe() -> str:
    """One line for people: compiled or pure Python, and any stale module."""
    done = compiled_modules()
    if done and any(getattr(finder, "__name__", "") == "SourceFirst" for finder in sys.meta_path):
        return f"pure Python: the {len(done)} compiled modules are installed but loaded from source (JIXIAO_FROM_SOURCE)"
    if not done:
        return "pure Python (no module compiled; reinstall without JIXIAO_PURE=1 and with a C compiler to compile)"
    if len(done) < len(COMPILED):
        text = f"partly compiled (mypyc): {len(done)} of {len(COMPILED)} modules"
    else:
        text = f"compiled (mypyc): {len(done)} modules"
    old = stale()
    if old:
        text += f"; STALE (source changed since the build, run `pip install -e .`): {', '.join(old)}"
    return text


class SourceFirst:
    """A meta-path finder that loads the modules of :data:`COMPILED` from their ``.py``, never
    the compiled extension beside it.

    coverage.py cannot trace compiled code: the CI's pure-Python run of the reading tests
    (``JIXIAO_FROM_SOURCE=1``, .ci/run) loads the source through this finder so the compiled
    modules' lines are counted.  Installed by ``jixiao/__init__.py`` when that variable is set.
    """

    names = frozenset(f"{__package__}.{module}" for module in COMPILED)

    @classmethod
    def find_spec(
        cls, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in cls.names:
            return None
        source = source_path(fullname.partition(".")[2])
        loader = importlib.machinery.SourceFileLoader(fullname, str(source))
        return importlib.util.spec_from_file_location(fullname, source, loader=loader)


def load_from_source() -> None:
    """Make every later import of a :data:`COMPILED` module load its Python source."""
    if SourceFirst not in sys.meta_path:
        sys.meta_path.insert(0, SourceFirst)


def main() -> int:
    print(f"jixiao {_version()}: {describe()}")
    for module in COMPILED:
        extension = extension_path(module)
        print(f"  jixiao.{module}: {extension.name if extension else 'pure'}")
    return 1 if stale() else 0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jixiao")
    except PackageNotFoundError:  # pragma: no cover - a source tree never installed
        return "(not installed)"


if __name__ == "__main__":  # pragma: no cover - exercised through a subprocess in the tests
    sys.exit(main())
