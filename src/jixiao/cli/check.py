"""``jixiao check FILE…`` (lint performance tables) and ``jixiao rules [CODE]`` (the catalogue)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table as RichTable

from .. import actions
from ..errors import ConfigError
from ..review import CheckConfig, all_rules, config_from_mapping, get_rule, load_config
from ..review.render import finding_line, rule_markdown, summary_line, table_labels
from ..review.report import Report
from ..review.summary import GRADE_MEANING, GRADES_EN
from ..text import bi
from .app import app

err = Console(stderr=True)
_COLOUR = {"error": "red", "warning": "yellow", "info": "cyan"}
_GRADE_COLOUR = {"优": "green", "良": "cyan", "中": "yellow", "差": "red"}


def _split(values: list[str] | None) -> list[str]:
    return [p.strip() for v in values or [] for p in v.split(",") if p.strip()]


def _config(config_file: Path | None, start: Path) -> CheckConfig:
    if config_file is None:
        return load_config(start)
    import tomllib

    try:
        data = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            bi(f"{config_file}: 无法读取配置: {exc}", f"{config_file}: cannot read the settings: {exc}")
        ) from exc
    section = data.get("tool", {}).get("jixiao")
    if section is None:
        section = (
            {k: v for k, v in data.items() if k != "tool"} if config_file.name != "pyproject.toml" else {}
        )
    return config_from_mapping(section, str(config_file))


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="要检查的文件 (.txt .docx .xlsx .xls .html .pdf .md)")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="输出格式：text 或 json（jixiao.report/1）")
    ] = "text",
    select: Annotated[
        list[str] | None, typer.Option("--select", help="只运行这些代码前缀的规则，如 JX2 或 JX201,JX3")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="跳过这些代码前缀的规则，如 JX305")
    ] = None,
    config_file: Annotated[
        Path | None, typer.Option("--config", help="配置文件（jixiao.toml 或 pyproject.toml）")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="提示语言：zh 或 en")] = "zh",
    review: Annotated[bool, typer.Option("--review/--no-review", help="显示每张表的审核建议等级")] = True,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="并行读取的进程数")] = 1,
) -> None:
    """检查绩效目标表，像 linter 一样列出问题。Lint performance tables; exit 1 on errors."""
    if fmt not in ("text", "json"):
        raise typer.BadParameter("应为 text 或 json", param_hint="--format")
    if lang not in ("zh", "en"):
        raise typer.BadParameter("应为 zh 或 en", param_hint="--lang")
    codes = _split(select) + _split(ignore)
    known = {r.code for r in all_rules()}
    for prefix in codes:
        if not any(c.startswith(prefix.upper()) for c in known):
            raise typer.BadParameter(f"没有以 {prefix} 开头的规则")
    try:
        config = _config(config_file, Path.cwd()).with_selection(_split(select), _split(ignore))
    except ConfigError as exc:
        err.print(f"[red]配置错误[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    report = actions.check_files([str(f) for f in files], config, jobs=jobs)
    if fmt == "json":
        sys.stdout.write(json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_text(report, lang, review)
    raise typer.Exit(report.exit_code)


def _print_text(report: Report, lang: str, show_review: bool) -> None:
    out = Console(highlight=False, soft_wrap=True)
    labels = table_labels(report)
    current = None
    for f in report.findings:
        if f.file != current:
            current = f.file
            out.print(f"[bold]{f.file}[/bold]")
        colour = _COLOUR.get(f.severity, "white")
        line = finding_line(f, labels, lang)
        head, _, rest = line.partition(f" {f.code} ")
        out.print(f"{head} [{colour}]{f.code}[/{colour}] {rest}", markup=True)
    if show_review and report.reviews:
        title = "审核建议（供审核人员参考）" if lang == "zh" else "Suggested review (for a human reviewer)"
        table = RichTable(title=title, show_lines=False)
        for col in (
            ("文件", "表", "项目", "等级", "说明")
            if lang == "zh"
            else ("file", "table", "project", "grade", "why")
        ):
            table.add_column(col)
        for r in report.reviews:
            colour = _GRADE_COLOUR[r.grade]
            grade = r.grade if lang == "zh" else f"{r.grade} {GRADES_EN[r.grade]}"
            meaning = GRADE_MEANING[r.grade] if lang == "zh" else ""
            why = "；".join(r.reasons(lang)) or meaning
            table.add_row(
                Path(r.file or "").name,
                "" if r.table is None else str(r.table + 1),
                r.label,
                f"[{colour}]{grade}[/{colour}]",
                why,
            )
        out.print(table)
    colour = "red" if report.has_errors else ("yellow" if report.findings else "green")
    out.print(f"[{colour}]{summary_line(report, lang)}[/{colour}]")


@app.command()
def rules(
    code: Annotated[
        str | None, typer.Argument(help="规则代码或名称，如 JX204 或 target-not-quantified")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="输出格式：text 或 json")] = "text",
    lang: Annotated[str, typer.Option("--lang", help="语言：zh 或 en")] = "zh",
) -> None:
    """列出规则目录，或解释一条规则。List the rule catalogue, or explain one rule."""
    if fmt not in ("text", "json"):
        raise typer.BadParameter("应为 text 或 json", param_hint="--format")
    if code:
        r = get_rule(code)
        if r is None:
            err.print(f"[red]没有规则 {code}[/red]", highlight=False)
            raise typer.Exit(2)
        if fmt == "json":
            sys.stdout.write(json.dumps(r.to_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            Console().print(Markdown(rule_markdown(r, lang)))
        return
    catalogue = all_rules()
    if fmt == "json":
        sys.stdout.write(json.dumps([r.to_dict() for r in catalogue], ensure_ascii=False, indent=2) + "\n")
        return
    table = RichTable(title="jixiao 规则目录" if lang == "zh" else "jixiao rules")
    for col in (
        ("代码", "名称", "级别", "维度", "说明")
        if lang == "zh"
        else ("code", "name", "severity", "dimension", "title")
    ):
        table.add_column(col, no_wrap=col in ("代码", "名称", "code", "name"))
    for r in catalogue:
        colour = _COLOUR[r.severity]
        table.add_row(
            r.code,
            r.name,
            f"[{colour}]{r.severity}[/{colour}]",
            r.dimension,
            r.title if lang == "zh" else r.title_en,
        )
    Console(soft_wrap=True).print(table)
