"""检查: run the review rules over tables, files or a stored table's edited form.

:func:`check_document` is the one function behind ``jixiao check`` (through
:func:`check_files`), ``POST /api/v1/check`` and the web editor's live check;
:func:`finding_rows` is what every write stores with a table (the store runs no rules).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..ingest import ingest_many
from ..model import Document, Source, Table, table_from_dict
from ..review import CheckConfig, Finding, Report, check_table
from ..review import check_document as _check_document
from ..review.reference import Reference
from ..review.runner import unreadable
from ..store.rows import normalize_table

if TYPE_CHECKING:  # a check of files never opens a database (jixiao check loads no store)
    from ..store import Store, User


def as_table(data: Table | dict[str, Any]) -> Table:
    """A :class:`~jixiao.model.Table` from a jixiao/1 dict, validated as the store would
    (ConfigError naming the fault)."""
    if isinstance(data, Table):
        return data
    return table_from_dict(normalize_table(data))


def check_document(
    doc: Document,
    config: CheckConfig | None = None,
    *,
    file: str | None = None,
    references: list[Reference | None] | None = None,
) -> Report:
    """检查: the review of every table of ``doc`` (and its ingest remarks) as a Report;
    ``references``: per table, its earlier years and peers (:func:`reference_for`)."""
    return _check_document(doc, config, file=file, references=references)


def check_tables(
    tables: Sequence[Table | dict[str, Any]],
    config: CheckConfig | None = None,
    name: str | None = None,
    *,
    store: Store | None = None,
    user: User | None = None,
) -> Report:
    """检查 tables that are not a file (posted JSON, the editor's form); with a ``store``, each
    is also compared with its project's earlier years and its peers as ``user`` may see them
    (the JX6xx rules)."""
    doc = Document(source=Source(name=name), tables=[as_table(t) for t in tables])
    references = None
    if store is not None:
        from .library import reference_for

        references = [reference_for(store, user, t) for t in doc.tables]
    return check_document(doc, config, file=name, references=references)


def check_files(paths: Iterable[str | Path], config: CheckConfig | None = None, jobs: int = 1) -> Report:
    """检查 files: each read (``jobs`` in parallel) and checked; an unreadable one is a JX902."""
    reports = []
    for outcome in ingest_many(paths, jobs=jobs):
        if outcome.document is None:
            assert outcome.error is not None
            reports.append(unreadable(outcome.path, outcome.error, config))
        else:
            reports.append(check_document(outcome.document, config, file=outcome.path))
    return Report.merge(reports)


def finding_dict(f: Finding, lang: str = "zh") -> dict[str, Any]:
    """A finding as the store keeps it and the API returns it."""
    return {
        "code": f.code,
        "severity": f.severity,
        "indicator": f.indicator,
        "args": dict(f.args),
        "message": f.message(lang),
    }


def finding_rows(
    table: Table | dict[str, Any], config: CheckConfig | None = None, reference: Reference | None = None
) -> list[dict[str, Any]]:
    """The findings of one table as the store keeps them (written with every table);
    ``reference``: its earlier years and peers (:func:`reference_for`)."""
    return [finding_dict(f) for f in check_table(as_table(table), config, reference=reference)]


def stored_findings(
    store: Store, user: User | None, table: Table | dict[str, Any], config: CheckConfig | None = None
) -> list[dict[str, Any]]:
    """The findings a write stores with ``table``: every rule, the JX6xx ones with its
    earlier years and peers from ``store``."""
    checked = as_table(table)
    from .library import reference_for

    return finding_rows(checked, config, reference_for(store, user, checked))
