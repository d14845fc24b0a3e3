"""``jixiao check FILE…`` (lint performance tables) and ``jixiao rules [CODE]`` (the catalogue)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.exceptions import Exit

from ..text import bi
from .group import app
from .output import console, err, write_json

if TYPE_CHECKING:
    from ..review import CheckConfig
    from ..review.report import Report
_COLOUR = {"error": "red", "warning": "yellow", "info": "cyan"}
_GRADE_COLOUR = {"优": "green", "良": "cyan", "中": "yellow", "差": "red"}


def _split(values: tuple[str, ...]) -> list[str]:
    return [p.strip() for v in values for p in v.split(",") if p.strip()]


def _config(config_file: Path | None, start: Path) -> CheckConfig:
    import tomllib

    from ..errors import ConfigError
    from ..review import config_from_mapping, load_config

    if config_file is None:
        return load_config(start)

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
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", default="text", help="输出格式：text 或 json（jixiao.report/1）")
@click.option("--select", multiple=True, help="只运行这些代码前缀的规则，如 JX2 或 JX201,JX3")
@click.option("--ignore", multiple=True, help="跳过这些代码前缀的规则，如 JX305")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path),
    help="配置文件（jixiao.toml 或 pyproject.toml）",
)
@click.option("--lang", default="zh", help="提示语言：zh 或 en")
@click.option("--review/--no-review", default=True, help="显示每张表的审核建议等级")
@click.option("--jobs", "-j", default=1, type=click.IntRange(min=1), help="并行读取的进程数")
def check(
    files: tuple[Path, ...],
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: Path | None,
    lang: str,
    review: bool,
    jobs: int,
) -> None:
    """检查绩效目标表，像 linter 一样列出问题。Lint performance tables; exit 1 on errors.

    FILES：要检查的文件 (.txt .docx .xlsx .xls .html .pdf .md)。
    """
    if fmt not in ("text", "json"):
        raise click.BadParameter("应为 text 或 json", param_hint="--format")
    if lang not in ("zh", "en"):
        raise click.BadParameter("应为 zh 或 en", param_hint="--lang")
    from .. import actions
    from ..errors import ConfigError
    from ..review import all_rules

    codes = _split(select) + _split(ignore)
    known = {r.code for r in all_rules()}
    for prefix in codes:
        if not any(c.startswith(prefix.upper()) for c in known):
            raise click.BadParameter(f"没有以 {prefix} 开头的规则")
    try:
        config = _config(config_file, Path.cwd()).with_selection(_split(select), _split(ignore))
    except ConfigError as exc:
        err().print(f"[red]配置错误[/red] {exc}", highlight=False)
        raise Exit(2) from exc
    report = actions.check_files([str(f) for f in files], config, jobs=jobs)
    if fmt == "json":
        write_json(report.to_dict(lang))
    else:
        _print_text(report, lang, review)
    raise Exit(report.exit_code)


def _print_text(report: Report, lang: str, show_review: bool) -> None:
    from rich.table import Table as RichTable

    from ..review.render import finding_line, summary_line, table_labels
    from ..review.summary import GRADE_MEANING, GRADES_EN

    out = console(highlight=False, soft_wrap=True)
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
@click.argument("code", required=False)
@click.option("--format", "-f", "fmt", default="text", help="输出格式：text 或 json")
@click.option("--lang", default="zh", help="语言：zh 或 en")
def rules(code: str | None, fmt: str, lang: str) -> None:
    """列出规则目录，或解释一条规则。List the rule catalogue, or explain one rule.

    CODE：规则代码或名称，如 JX204 或 target-not-quantified。
    """
    if fmt not in ("text", "json"):
        raise click.BadParameter("应为 text 或 json", param_hint="--format")
    from ..review import all_rules, get_rule

    if code:
        r = get_rule(code)
        if r is None:
            err().print(f"[red]没有规则 {code}[/red]", highlight=False)
            raise Exit(2)
        if fmt == "json":
            write_json(r.to_dict())
        else:
            from rich.markdown import Markdown

            from ..review.render import rule_markdown

            console().print(Markdown(rule_markdown(r, lang)))
        return
    catalogue = all_rules()
    if fmt == "json":
        write_json([r.to_dict() for r in catalogue])
        return
    from rich.table import Table as RichTable

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
    console(soft_wrap=True).print(table)
