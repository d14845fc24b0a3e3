"""``jixiao ingest FILE…``: read files into jixiao/1 Documents."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from .. import actions
from ..assemble.evidence import LOW
from ..ingest import Outcome, ingest_many
from ..model import Document
from .app import app

err = Console(stderr=True)


@app.command()
def ingest(
    files: list[Path] = typer.Argument(..., help="要读取的文件 (.txt .docx .xlsx .xls .html .pdf .md)"),
    as_json: bool = typer.Option(
        False, "--json", help="输出 jixiao/1 JSON（一个文件输出一个 Document，多个文件输出数组）"
    ),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="并行读取的进程数"),
    db: bool = typer.Option(False, "--db", help="存入数据库（JIXIAO_DATABASE_URL，默认 ./jixiao.db）"),
    unit: str | None = typer.Option(
        None, "--unit", help="与 --db 同用：表中未印单位编码时归入此单位（印有不同编码则报错）"
    ),
    year: int | None = typer.Option(
        None,
        "--year",
        min=1900,
        max=2200,
        help="与 --db 同用：表中未印年度时采用此年度（印有不同年度则报错）",
    ),
) -> None:
    """读取绩效目标表/自评表文件。Read performance tables from files."""
    paths = [str(f) for f in files]
    if db:
        _store(paths, as_json, unit, year)
        return
    if unit is not None or year is not None:
        raise typer.BadParameter("--unit 和 --year 只与 --db 一起使用", param_hint="--unit/--year")
    show_bar = len(paths) > 1
    outcomes: list[Outcome] = []
    if show_bar:
        with Progress(
            TextColumn("[bold]读取"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=err,
            transient=not err.is_terminal,
        ) as bar:
            task = bar.add_task("", total=len(paths))
            for out in ingest_many(paths, jobs=jobs):
                outcomes.append(out)
                bar.update(task, advance=1, description=Path(out.path).name)
    else:
        outcomes = list(ingest_many(paths, jobs=jobs))

    failed = [o for o in outcomes if o.error is not None]
    for o in failed:
        err.print(f"[red]错误[/red] {o.error}", highlight=False)
    docs = [o.document for o in outcomes if o.document is not None]
    if as_json:
        _print_json(docs, len(paths))
    else:
        _summary(outcomes)
    raise typer.Exit(1 if failed else 0)


def _print_json(docs: list[Document], n_paths: int) -> None:
    payload = docs[0].to_dict() if n_paths == 1 and docs else [d.to_dict() for d in docs]
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


_STATUS_ZH = {"new": "新项目", "same": "内容相同", "version": "新版本", "stage": "新阶段"}


def _store(paths: list[str], as_json: bool, unit: str | None, year: int | None) -> None:
    """``--db``: import each file (:func:`jixiao.actions.import_paths`), one line per file;
    exit 1 when any file could not be read or stored."""
    with actions.open_store(None) as store:
        results = actions.import_paths(store, None, paths, unit=unit, year=year)
        where = store.engine.url.render_as_string(hide_password=True)
    for r in results:
        if r.status == "imported":
            counts = "，".join(f"{_STATUS_ZH[k]} {n}" for k, n in r.statuses.items() if n)
            err.print(
                f"[green]已入库[/green] {r.name}: {r.table_count} 张表（{counts}），{r.indicator_count} 项指标，"
                f"{r.finding_count} 条审核发现",
                highlight=False,
            )
            for note in r.notes:
                err.print(f"  注：{note}", highlight=False)
        elif r.status == "duplicate":
            err.print(f"[yellow]已存在[/yellow] {r.name}: 同一文件（sha256）已导入，跳过", highlight=False)
        else:
            err.print(f"[red]入库失败[/red] {r.name}: {r.error}", highlight=False)
    err.print(f"数据库：{where}", highlight=False)
    if as_json:
        _print_json([r.document for r in results if r.document is not None], len(paths))
    raise typer.Exit(1 if any(r.status == "error" for r in results) else 0)


def _summary(outcomes: list[Outcome]) -> None:
    console = Console()
    table = RichTable(title="读取结果", show_lines=False)
    for col in ("文件", "表", "类型", "项目/单位", "预算", "指标", "置信度", "警告"):
        table.add_column(col)
    for o in outcomes:
        if o.document is None:
            table.add_row(
                Path(o.path).name,
                "-",
                "[red]无法读取",
                str(o.error.reason if o.error else ""),
                "",
                "",
                "",
                "",
            )
            continue
        doc = o.document
        if not doc.tables:
            table.add_row(
                Path(o.path).name, "0", "", "", "", "", "", "; ".join(w.message for w in doc.warnings)
            )
        for i, t in enumerate(doc.tables, start=1):
            who = (t.project.name if t.project else None) or t.unit.name or ""
            money = f"{t.funds.total:g}{t.money_unit or ''}" if t.funds.total is not None else ""
            sure = "" if t.confidence is None else f"{t.confidence:.2f}"
            if t.confidence is not None and t.confidence < LOW:
                sure = f"[yellow]{sure} 需核对"  # a low-confidence table: a person should check it
            table.add_row(
                Path(o.path).name if i == 1 else "",
                str(i),
                t.kind,
                who,
                money,
                str(len(t.indicators)),
                sure,
                "",
            )
    console.print(table)
