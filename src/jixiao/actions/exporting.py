"""导出: tables in the official forms (.docx .xlsx .html .pdf) or as JSON / CSV.

:func:`export_document` is the one function behind ``jixiao export`` and, through
:func:`export_stored`, :func:`export_project` and :func:`export_projects`, the API's and the
web's export links.  A list's export holds each project once: the table its totals count
(its current target, else its latest stage).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..export import FORMATS
from ..export import export_document as _render
from ..model import Document, Source, table_from_dict
from ..text import bi

if TYPE_CHECKING:  # `jixiao export FILE` stores nothing: it never loads the store
    from ..store import ProjectFilter, Store, User


@dataclass(frozen=True, slots=True)
class Exported:
    """A file to hand out: its bytes, a file name and its media type."""

    data: bytes
    filename: str
    media_type: str


def export_document(doc: Document, fmt: str) -> bytes:
    """Every table of ``doc`` in ``fmt`` (UnknownExportFormat for a format jixiao does not write)."""
    return _render(doc, fmt)


def _format(fmt: str) -> str:
    key = (fmt or "").lower().lstrip(".")
    if key not in FORMATS:
        raise ConfigError(
            bi(
                f"不支持的导出格式 {fmt!r}，可选：{', '.join(FORMATS)}",
                f"unknown export format {fmt!r}; choose from: {', '.join(FORMATS)}",
            )
        )
    return key


def _exported(tables: list[dict[str, object]], fmt: str, stem: str) -> Exported:
    key = _format(fmt)
    doc = Document(source=Source(name=stem), tables=[table_from_dict(t) for t in tables])
    spec = FORMATS[key]
    return Exported(export_document(doc, key), f"{stem}{spec.extension}", spec.media_type)


def export_stored(store: Store, user: User | None, table_id: int, fmt: str) -> Exported:
    """One stored table in ``fmt``, named ``table-<id>.<ext>`` (ConfigError for a format
    jixiao does not write)."""
    _format(fmt)
    return _exported([store.get_table(table_id, user)["table"]], fmt, f"table-{table_id}")


STAGES = ("target", "checkpoint", "selfeval")


def export_project(
    store: Store, user: User | None, project_id: int, fmt: str, stages: tuple[str, ...] = ("target",)
) -> Exported:
    """A project's current tables of ``stages`` (target, checkpoint, selfeval) in ``fmt``."""
    _format(fmt)
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise ConfigError(
            bi(
                f"未知阶段 {unknown[0]!r}，可选：{', '.join(STAGES)}",
                f"unknown stage {unknown[0]!r}; choose from: {', '.join(STAGES)}",
            )
        )
    tables = store.project_tables(project_id, user, stages)
    if not tables:
        raise ConfigError(
            bi(f"项目 {project_id} 没有可导出的表", f"project {project_id} has no table to export")
        )
    return _exported(tables, fmt, f"project-{project_id}")


def export_projects(store: Store, user: User | None, filters: ProjectFilter, fmt: str) -> Exported:
    """The listed projects in ``fmt``, each once (the table its totals count)."""
    _format(fmt)
    return _exported(store.counted_tables(filters, user), fmt, "projects")
