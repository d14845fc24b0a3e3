"""JX9xx — ingest (读取): files that could not be read, or held no table.

JX902 is produced by :func:`jixiao.review.runner.check_path` when ingest raises an
:class:`~jixiao.errors.IngestError`.  The readers' and the assembler's remarks (JX903, JX904,
JX920–JX929) are rules of :mod:`.rules_reading`: a reader or the assembler that wants a remark
of its own to become a finding adds a :class:`~.rules_reading.Remark` there (with its fixtures);
its rule reports the Document ``warnings`` of its code, as JX901 does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Document
from .catalogue import rule
from .facts import TableContext

Hits = Iterator[tuple[int | None, dict[str, Any]]]


@rule(
    "JX901",
    "no-table",
    "error",
    dimension="完整性",
    scope="document",
    title="文件中没有绩效表",
    title_en="No performance table in the file",
    message="文件中没有找到绩效目标表或自评表",
    message_en="No performance target or self-evaluation table was found in the file",
    rationale="文件可以读取，但其中没有可识别的绩效目标表、自评表或监控表，因此无法审核。",
    example="只有正文段落、没有指标表格的文件",
    fix="确认选择了正确的文件；若表格是图片（扫描件），请提供带文字层的文件。",
    source="jixiao 读取器",
    confidence="practice",
)
def no_table(doc: Document, ctx: TableContext) -> Hits:
    if not doc.tables or any(w.code == "JX901" for w in doc.warnings):
        yield None, {}


@rule(
    "JX902",
    "unreadable-file",
    "error",
    dimension="完整性",
    scope="document",
    title="文件无法读取",
    title_en="File cannot be read",
    message="文件无法读取：{reason}",
    message_en="The file cannot be read: {reason}",
    rationale="文件损坏、加密、格式不受支持、编码无法识别或为无文字层的扫描件时无法审核。",
    example="空文件；扩展名为 .docx 但内容不是 Word 文件",
    fix="重新导出或另存为 .docx / .xlsx / .pdf（带文字层）后再检查。",
    source="jixiao 读取器",
    confidence="practice",
)
def unreadable_file(doc: Document, ctx: TableContext) -> Hits:
    return iter(())  # produced by runner.check_path from the IngestError
