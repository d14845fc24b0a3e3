"""``jixiao export FILE --to docx|xlsx|html|pdf|json|csv [-o PATH]``: write the official forms."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.exceptions import Exit

from ..text import bi
from .group import app
from .output import err

if TYPE_CHECKING:
    from ..model import Document

# the names of jixiao.export.FORMATS, for the help text (a test holds the two equal)
FORMAT_NAMES = ("docx", "xlsx", "html", "pdf", "json", "csv")


def load_document(path: Path) -> Document:
    """A jixiao/1 .json file as is, or any file ingest reads.  Raises JixiaoError naming the file."""
    import json

    from ..errors import IngestError
    from ..ingest import ingest_file
    from ..model import SCHEMA, Document

    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise IngestError(
                str(path),
                bi(f"无法读取文件：{exc.strerror or exc}", f"cannot read the file: {exc.strerror or exc}"),
            ) from exc
        except (UnicodeDecodeError, ValueError) as exc:
            raise IngestError(str(path), bi(f"不是有效的 JSON：{exc}", f"not valid JSON: {exc}")) from exc
        if isinstance(data, list) and len(data) == 1:
            data = data[0]
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise IngestError(str(path), bi(f"不是 {SCHEMA} 文档", f"not a {SCHEMA} document"))
        try:
            return Document.from_dict(data)
        except (TypeError, AttributeError, ValueError) as exc:
            raise IngestError(
                str(path), bi(f"{SCHEMA} 文档结构有误：{exc}", f"a malformed {SCHEMA} document: {exc}")
            ) from exc
    return ingest_file(path)


@app.command("export")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--to", "-t", required=True, help="导出格式：" + " | ".join(FORMAT_NAMES))
@click.option(
    "--output",
    "-o",
    help="输出路径（默认：输入文件名 + 新扩展名，写在当前目录）；'-' 表示标准输出（仅文本格式）",
)
def export_command(file: Path, to: str, output: str | None) -> None:
    """导出为正式表格（Word、Excel、网页、PDF）或 JSON、CSV。Export the official forms.

    FILE：输入文件：jixiao/1 .json，或 ingest 能读的任何文件。
    """
    from .. import actions
    from ..errors import JixiaoError
    from ..export import FORMATS

    fmt = to.lower().lstrip(".")
    if fmt not in FORMATS:
        err().print(f"[red]错误[/red] 不支持的导出格式 {to!r}；可用：{', '.join(FORMATS)}", highlight=False)
        raise Exit(2)
    spec = FORMATS[fmt]
    if output == "-" and not spec.text:
        err().print(
            f"[red]错误[/red] {fmt} 是二进制格式，不能写到标准输出；请用 -o 指定文件", highlight=False
        )
        raise Exit(2)
    try:
        doc = load_document(file)
    except JixiaoError as exc:
        err().print(f"[red]错误[/red] {exc}", highlight=False)
        raise Exit(1) from None
    if not doc.tables and fmt not in ("json", "csv"):
        err().print(f"[red]错误[/red] {file}: 未找到可导出的绩效表", highlight=False)
        raise Exit(1)
    data = actions.export_document(doc, fmt)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(output) if output else Path(file.stem + spec.extension)
    if target.resolve() == file.resolve():
        err().print(f"[red]错误[/red] 输出会覆盖输入文件 {file}；请用 -o 指定其他路径", highlight=False)
        raise Exit(2)
    try:
        target.write_bytes(data)
    except OSError as exc:
        err().print(f"[red]错误[/red] 无法写入 {target}: {exc.strerror or exc}", highlight=False)
        raise Exit(1) from None
    err().print(
        f"已导出 {len(doc.tables)} 张表 → {target}（{spec.label}，{len(data):,} 字节）", highlight=False
    )
