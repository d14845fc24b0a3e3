"""Lazy package exports (PEP 562): a name is imported from its submodule on first use.

A package whose ``__init__`` imported every submodule made ``import jixiao.store.rows`` (the
table validation, plain Python) pay for SQLAlchemy, psycopg and argon2, and ``import
jixiao.actions.checking`` pay for the store and openpyxl: every ``jixiao`` command loaded
everything.  Such a package maps each export to its submodule, repeats the imports under
``TYPE_CHECKING`` for the type checker and keeps its literal ``__all__`` (what ruff and mypy
read); ``tests/quality/test_lazy.py`` checks that the three agree and that every name resolves::

    if TYPE_CHECKING:
        from .core import Store
    EXPORTS = {"Store": "core"}
    __getattr__, __dir__ = lazy.exports(__name__, EXPORTS)
    __all__ = ["Store"]
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def exports(
    package: str, names: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` of ``package``: ``names`` maps each exported
    name to the submodule (relative to ``package``) that defines it."""

    def __getattr__(name: str) -> object:
        submodule = names.get(name)
        if submodule is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{submodule}"), name)
        setattr(sys.modules[package], name, value)  # the next access is a plain attribute
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *names})

    return __getattr__, __dir__
