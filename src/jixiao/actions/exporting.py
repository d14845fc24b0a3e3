"""导出: tables in the official forms (.docx .xlsx .html .pdf) or as JSON / CSV.

:func:`export_document` is the one function behind ``jixiao export`` and, through
:func:`export_stored`, the API's and the web's export links.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ConfigError
from ..export import FORMATS
from ..export import export_document as _render
from ..model import Document, Source, table_from_dict
from ..store import Store, User


@dataclass(frozen=True, slots=True)
class Exported:
    """A file to hand out: its bytes, a file name and its media type."""

    data: bytes
    filename: str
    media_type: str


def export_document(doc: Document, fmt: str) -> bytes:
    """Every table of ``doc`` in ``fmt`` (UnknownExportFormat for a format jixiao does not write)."""
    return _render(doc, fmt)


def export_stored(store: Store, user: User | None, table_id: int, fmt: str) -> Exported:
    """One stored table in ``fmt``, named ``table-<id>.<ext>`` (ConfigError for a format
    jixiao does not write)."""
    key = (fmt or "").lower().lstrip(".")
    if key not in FORMATS:
        raise ConfigError(f"不支持的导出格式 {fmt!r}，可选：{', '.join(FORMATS)}（unknown export format）")
    detail = store.get_table(table_id, user)
    doc = Document(source=Source(), tables=[table_from_dict(detail["table"])])
    spec = FORMATS[key]
    return Exported(export_document(doc, key), f"table-{table_id}{spec.extension}", spec.media_type)
