"""What ``jixiao ingest --db`` calls: store Documents and print one line per file."""

from __future__ import annotations

from typing import Any

from ..model import Document
from .core import Store
from .importer import ImportResult, import_documents


def store_documents(docs: list[Document], console: Any = None, url: str | None = None) -> list[ImportResult]:
    """Import ``docs`` into the database at ``url`` (default ``JIXIAO_DATABASE_URL`` or
    ``./jixiao.db``, migrated first), each in its own transaction; print what happened."""
    with Store(url, upgrade=True) as store:
        results = import_documents(store, docs)
        where = store.engine.url.render_as_string(hide_password=True)
    if console is not None:
        for r in results:
            name = r.name or "<document>"
            if r.status == "imported":
                console.print(
                    f"[green]已入库[/green] {name}: {len(r.table_ids)} 张表，{len(r.findings)} 条审核发现",
                    highlight=False,
                )
            elif r.status == "duplicate":
                console.print(
                    f"[yellow]已存在[/yellow] {name}: 同一文件（sha256）已导入，跳过", highlight=False
                )
            else:
                console.print(f"[red]入库失败[/red] {name}: {r.error}", highlight=False)
        console.print(f"数据库：{where}", highlight=False)
    return results
