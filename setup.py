"""The build: the reading hot path compiled with mypyc, the same Python source as the fallback.

Everything else about the package is in pyproject.toml; this file only adds the compiled
extensions.  The modules compiled are ``COMPILED`` in ``src/jixiao/build_info.py`` (read here
without importing jixiao).

- ``JIXIAO_PURE=1`` at install gives a pure-Python install.
- Without a C compiler (or when compiling fails) the install goes on, pure, and says so on stderr.
- A compiled build records the SHA-256 of every source it compiled in ``jixiao/_build.json``:
  ``python -m jixiao.build_info`` and tests/quality/test_build.py compare it with the source, so an
  editable install never quietly runs a ``.so`` older than its ``.py``.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shlex
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
PACKAGE = ROOT / "src" / "jixiao"
MANIFEST = "_build.json"
GROUP = "jixiao"  # mypyc's shared library: jixiao__mypyc.<abi>.so beside the package


def compiled_modules() -> list[str]:
    """``COMPILED`` of build_info.py, read as a literal (the one list of compiled modules)."""
    tree = ast.parse((PACKAGE / "build_info.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "COMPILED":
            assert node.value is not None
            return list(ast.literal_eval(node.value))
    raise SystemExit("setup.py: COMPILED not found in src/jixiao/build_info.py")


def say(message: str) -> None:
    print(f"jixiao build: {message}", file=sys.stderr, flush=True)


def compiler_found() -> bool:
    """True when the C compiler setuptools would call is on PATH (CC or Python's own)."""
    command = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    words = shlex.split(command)
    return bool(words) and shutil.which(words[0]) is not None


def remove_inplace_builds(modules: list[str]) -> None:
    """A pure editable install: drop the extensions an earlier one left beside the .py (Python
    would load them first).  A wheel or a plain install builds elsewhere and leaves them be."""
    if not {"editable_wheel", "develop", "--inplace", "-i"} & set(sys.argv):
        return
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    old = [PACKAGE.joinpath(*m.split(".")).with_suffix(suffix) for m in modules]
    old += [PACKAGE.parent / f"{GROUP}__mypyc{suffix}", PACKAGE / MANIFEST]
    for path in old:
        if path.exists():
            path.unlink()
            say(f"removed {path.relative_to(ROOT)} (an earlier compiled build)")


class BuildExt(build_ext):
    """build_ext that falls back to pure Python when compiling fails, and records the sources."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # CompileError, LinkError, a missing header: install pure
            say(f"compiling failed ({error}); installing pure Python")
            self.extensions = []
            return
        self.write_manifest()

    def write_manifest(self) -> None:
        modules = compiled_modules()
        sources = {
            m: hashlib.sha256(PACKAGE.joinpath(*m.split(".")).with_suffix(".py").read_bytes()).hexdigest()
            for m in modules
        }
        record = {"compiled": modules, "sources": sources, "mypyc": _mypy_version()}
        targets = [PACKAGE / MANIFEST] if self.inplace else [Path(self.build_lib) / "jixiao" / MANIFEST]
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def get_outputs(self) -> list[str]:
        outputs: list[str] = super().get_outputs()
        if self.extensions and not self.inplace:
            outputs.append(str(Path(self.build_lib) / "jixiao" / MANIFEST))
        return outputs


def _mypy_version() -> str:
    from mypy.version import __version__

    return str(__version__)


def extensions() -> list[object]:
    if {"egg_info", "dist_info"} & set(sys.argv) and not {"bdist_wheel", "editable_wheel", "build_ext"} & set(
        sys.argv
    ):
        return []  # pip asks for the metadata first: no need to analyse the modules for it
    modules = compiled_modules()
    if os.environ.get("JIXIAO_PURE", "") not in ("", "0"):
        say("JIXIAO_PURE is set; installing pure Python")
        remove_inplace_builds(modules)
        return []
    if not compiler_found():
        say("no C compiler found (set CC, or install gcc/clang); installing pure Python")
        remove_inplace_builds(modules)
        return []
    from mypyc.build import mypycify

    paths = [str(Path("src", "jixiao", *m.split(".")).with_suffix(".py")) for m in modules]
    say(f"compiling {len(paths)} modules with mypyc (JIXIAO_PURE=1 to skip)")
    # The build environment has mypy, not jixiao's dependencies: what the modules use of lxml,
    # python-calamine … is typed Any here (their calls are Python calls compiled or not), and
    # the build's mypy cache is its own, never the developer's .mypy_cache (tests/quality runs
    # mypy --strict with every dependency installed).
    options = ["--ignore-missing-imports", "--cache-dir", str(Path("build", "mypyc-cache"))]
    try:
        return list(mypycify([*options, *paths], opt_level="3", group_name=GROUP))
    except (Exception, SystemExit) as error:  # mypy's analysis failed: a user's install goes on
        say(f"mypyc failed ({error}); installing pure Python")
        remove_inplace_builds(modules)
        return []


if __name__ == "__main__":  # as setuptools' build backend runs it; the tests read compiled_modules()
    setup(ext_modules=extensions(), cmdclass={"build_ext": BuildExt})
