"""Export: write tables back out in the official forms (导出).

The library entry points that the CLI (``jixiao export``), the REST API and the web UI
call::

    export_document(doc, "docx")  -> bytes     # every table of a Document
    export_table(table, "pdf")    -> bytes     # one table
    FORMATS["xlsx"].media_type, FORMATS["xlsx"].extension

Formats: ``docx`` (Word), ``xlsx`` (Excel), ``html`` (standalone printable page),
``pdf`` (WeasyPrint, Noto CJK), ``json`` (the jixiao/1 Document), ``csv`` (one row per
indicator, UTF-8 with BOM).  The layouts (Tianjin 绩效目标表, 部门整体支出绩效目标表,
10号 自评表, 监控表) are built once as format-neutral :class:`~jixiao.export.layout.Form`
grids by :func:`forms_for` and rendered by each writer.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import JixiaoError
from ..model import Document, Source, Table
from ..text import bi
from .forms import department_target, project_target
from .forms_selfeval import monitoring, selfeval
from .layout import Form, printable

__all__ = ["FORMATS", "ExportFormat", "UnknownExportFormat", "export_document", "export_table", "forms_for"]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """An output format: its name, media type, file extension, and whether it is text."""

    name: str
    media_type: str
    extension: str
    text: bool
    label: str


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
            False,
            "Word 文档",
        ),
        ExportFormat(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
            False,
            "Excel 工作簿",
        ),
        ExportFormat("html", "text/html; charset=utf-8", ".html", True, "网页（可打印）"),
        ExportFormat("pdf", "application/pdf", ".pdf", False, "PDF"),
        ExportFormat("json", "application/json", ".json", True, "JSON（jixiao/1）"),
        ExportFormat("csv", "text/csv; charset=utf-8", ".csv", True, "CSV（每个指标一行）"),
    )
}


class UnknownExportFormat(JixiaoError, ValueError):
    """An export format jixiao does not write."""

    def __init__(self, fmt: str) -> None:
        self.format = fmt
        super().__init__(
            bi(
                f"不支持的导出格式 {fmt!r}；可用：{', '.join(FORMATS)}",
                f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}",
            )
        )


_BUILDERS = {
    "project_target": project_target,
    "department_target": department_target,
    "project_selfeval": selfeval,
    "department_selfeval": selfeval,
    "monitoring": monitoring,
}


def form_for(table: Table, number: int | None = None) -> Form:
    """The printed form of one table (``number`` prefixes its title as ``N.``)."""
    build = _BUILDERS.get(table.kind, project_target)
    form = build(table, number)
    form.clean()
    form.check()
    return form


def forms_for(tables: list[Table]) -> list[Form]:
    """The forms of several tables; titles are numbered 1., 2., … when there are several."""
    numbered = len(tables) > 1
    return [form_for(t, k if numbered else None) for k, t in enumerate(tables, 1)]


def _title(tables: list[Table], doc: Document | None = None) -> str:
    for t in tables:
        if t.title:
            return t.title
    if doc is not None and doc.source.name:
        return doc.source.name
    return "绩效目标表"


def _render(doc: Document, fmt: str) -> bytes:
    key = (fmt or "").lower().lstrip(".")
    if key not in FORMATS:
        raise UnknownExportFormat(fmt)
    if key == "json":
        from .json_csv import render_json

        return render_json(doc)
    if key == "csv":
        from .json_csv import render_csv

        return render_csv(doc.tables)
    forms = forms_for(doc.tables)
    title = printable(_title(doc.tables, doc))
    if key == "html":
        from .html import render_forms

        return render_forms(forms, title=title).encode("utf-8")
    if key == "pdf":
        from .pdf import render_pdf

        return render_pdf(forms, title=title)
    if key == "docx":
        from .docx import render_docx

        return render_docx(forms, title=title)
    from .xlsx import render_xlsx

    return render_xlsx(forms, title=title)


def export_document(doc: Document, fmt: str) -> bytes:
    """Every table of ``doc`` in format ``fmt`` (docx|xlsx|html|pdf|json|csv), as bytes.

    Raises :class:`UnknownExportFormat` for any other format.
    """
    return _render(doc, fmt)


def export_table(table: Table, fmt: str) -> bytes:
    """One table in format ``fmt``; JSON gives a Document holding just that table."""
    return _render(Document(source=Source(), tables=[table]), fmt)
