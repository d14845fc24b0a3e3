"""``jixiao ingest FILE…``: read files into jixiao/1 Documents."""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.exceptions import Exit

from . import group
from .group import app
from .output import console, err, write_json

if TYPE_CHECKING:
    from rich.progress import Progress

    from ..actions import FileImport
    from ..ingest import Outcome
    from ..model import Document


@app.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="输出 jixiao/1 JSON（一个文件输出一个 Document，多个文件输出数组）",
)
@click.option(
    "--jobs", "-j", default=1, type=click.IntRange(min=1), help="并行读取（与 --db 同用：读取并入库）的进程数"
)
@click.option("--db", is_flag=True, help="存入数据库（JIXIAO_DATABASE_URL，默认 ./jixiao.db）")
@click.option("--unit", help="与 --db 同用：表中未印单位编码时归入此单位（印有不同编码则报错）")
@click.option(
    "--year",
    type=click.IntRange(1900, 2200),
    help="与 --db 同用：表中未印年度时采用此年度（印有不同年度则报错）",
)
def ingest(
    files: tuple[Path, ...], as_json: bool, jobs: int, db: bool, unit: str | None, year: int | None
) -> None:
    """读取绩效目标表/自评表文件。Read performance tables from files.

    FILES：要读取的文件 (.txt .docx .xlsx .xls .html .pdf .md)。
    """
    paths = [str(f) for f in files]
    if db:
        _store(paths, as_json, unit, year, jobs)
        return
    if unit is not None or year is not None:
        raise click.BadParameter("--unit 和 --year 只与 --db 一起使用", param_hint="--unit/--year")
    if group.OWN_PROCESS and len(paths) == 1:
        # One file, then the process ends: what it makes is freed by reference counting or at
        # exit, so the cyclic collector is not run at all (its passes over the imports, the
        # Document and its JSON were ~1% of `jixiao ingest big.xlsx --json`, bench/README.md).
        gc.disable()
    from ..ingest import ingest_many

    outcomes: list[Outcome] = []
    if len(paths) > 1:
        with _progress("读取") as bar:
            task = bar.add_task("", total=len(paths))
            for out in ingest_many(paths, jobs=jobs):
                outcomes.append(out)
                bar.update(task, advance=1, description=Path(out.path).name)
    else:
        outcomes = list(ingest_many(paths, jobs=jobs))

    failed = [o for o in outcomes if o.error is not None]
    for o in failed:
        err().print(f"[red]错误[/red] {o.error}", highlight=False)
    docs = [o.document for o in outcomes if o.document is not None]
    if as_json:
        _print_json(docs, len(paths))
    else:
        _summary(outcomes)
    raise Exit(1 if failed else 0)


def _progress(verb: str) -> Progress:
    """A progress bar on standard error (left on screen only on a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(f"[bold]{verb}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err(),
        transient=not err().is_terminal,
    )


def _print_json(docs: list[Document], n_paths: int) -> None:
    write_json(docs[0].json_view() if n_paths == 1 and docs else [d.json_view() for d in docs])


_STATUS_ZH = {"new": "新项目", "same": "内容相同", "version": "新版本", "stage": "新阶段"}


def _store(paths: list[str], as_json: bool, unit: str | None, year: int | None, jobs: int) -> None:
    """``--db``: import the files (:func:`jixiao.actions.import_paths`; ``--jobs`` processes
    read and check them while this one stores them).  One file: what became of it.  A batch: a
    progress bar, a line for each file that failed or was there already, and what the batch
    came to, with files/s and tables/s.  Exit 1 when any file could not be read or stored."""
    from .. import actions

    started = time.perf_counter()
    with actions.open_store(None) as store:
        where = store.engine.url.render_as_string(hide_password=True)
        if len(paths) == 1:
            results = actions.import_paths(store, None, paths, unit=unit, year=year, jobs=jobs)
            _report(results[0], imported=True)
        else:
            with _progress("入库") as bar:
                task = bar.add_task("", total=len(paths))

                def done(r: FileImport) -> None:
                    bar.update(task, advance=1, description=r.name)
                    _report(r, imported=False)
                    if not as_json:
                        r.document = None  # 10,000 files need not stay in memory

                results = actions.import_paths(
                    store, None, paths, unit=unit, year=year, jobs=jobs, on_done=done
                )
            _batch(results, time.perf_counter() - started)
    err().print(f"数据库：{where}", highlight=False)
    if as_json:
        _print_json([r.document for r in results if r.document is not None], len(paths))
    raise Exit(1 if any(r.status == "error" for r in results) else 0)


def _report(r: FileImport, imported: bool) -> None:
    """One file's line: always when it failed or was there already; when ``imported``, also
    when it was stored, with its counts and notes."""
    if r.status == "imported" and imported:
        counts = "，".join(f"{_STATUS_ZH[k]} {n}" for k, n in r.statuses.items() if n)
        err().print(
            f"[green]已入库[/green] {r.name}: {r.table_count} 张表（{counts}），{r.indicator_count} 项指标，"
            f"{r.finding_count} 条审核发现",
            highlight=False,
        )
        for note in r.notes:
            err().print(f"  注：{note}", highlight=False)
    elif r.status == "duplicate":
        err().print(f"[yellow]已存在[/yellow] {r.name}: 同一文件（sha256）已导入，跳过", highlight=False)
    elif r.status == "error":
        err().print(f"[red]入库失败[/red] {r.name}: {r.error}", highlight=False)


def _batch(results: list[FileImport], seconds: float) -> None:
    """What a batch came to: files by outcome, tables by status, and the rate."""
    stored = [r for r in results if r.status == "imported"]
    tables = sum(r.table_count for r in stored)
    statuses = {k: sum(r.statuses.get(k, 0) for r in stored) for k in _STATUS_ZH}
    counts = "，".join(f"{_STATUS_ZH[k]} {n:,}" for k, n in statuses.items() if n)
    duplicates = sum(r.status == "duplicate" for r in results)
    failed = sum(r.status == "error" for r in results)
    colour = "red" if failed else "green"
    err().print(
        f"[{colour}]{len(results):,} 个文件[/{colour}]：已入库 {len(stored):,}，已存在 {duplicates:,}，失败 {failed:,}；"
        f"{tables:,} 张表（{counts or '无'}），{sum(r.indicator_count for r in stored):,} 项指标，"
        f"{sum(r.finding_count for r in stored):,} 条审核发现",
        highlight=False,
    )
    rate = max(seconds, 1e-9)
    err().print(
        f"用时 {seconds:.1f} 秒：{len(results) / rate:,.1f} 个文件/秒，{tables / rate:,.1f} 张表/秒"
        f"（{len(results) / rate:,.1f} files/s, {tables / rate:,.1f} tables/s）",
        highlight=False,
    )


def _summary(outcomes: list[Outcome]) -> None:
    from rich.table import Table as RichTable

    from ..assemble.evidence import LOW

    table = RichTable(title="读取结果", show_lines=False)
    for col in ("文件", "表", "类型", "项目/单位", "预算", "指标", "置信度", "警告"):
        table.add_column(col)
    for o in outcomes:
        if o.document is None:
            reason = str(o.error.reason if o.error else "")
            table.add_row(Path(o.path).name, "-", "[red]无法读取", reason, "", "", "", "")
            continue
        doc = o.document
        if not doc.tables:
            warnings = "; ".join(w.message for w in doc.warnings)
            table.add_row(Path(o.path).name, "0", "", "", "", "", "", warnings)
        for i, t in enumerate(doc.tables, start=1):
            who = (t.project.name if t.project else None) or t.unit.name or ""
            money = f"{t.funds.total:g}{t.money_unit or ''}" if t.funds.total is not None else ""
            sure = "" if t.confidence is None else f"{t.confidence:.2f}"
            if t.confidence is not None and t.confidence < LOW:
                sure = f"[yellow]{sure} 需核对"  # a low-confidence table: a person should check it
            name = Path(o.path).name if i == 1 else ""
            table.add_row(name, str(i), t.kind, who, money, str(len(t.indicators)), sure, "")
    console().print(table)
