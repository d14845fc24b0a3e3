"""``jixiao score FILE --policy NAME`` and ``jixiao policies``: thin adapters over jixiao.scoring."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.exceptions import Exit

from ..text import bi
from .group import app
from .output import console, err, write_json

if TYPE_CHECKING:
    from ..model import Document
    from ..scoring.policy import Policy
    from ..scoring.rescore import Difference


def _read_document(path: Path) -> Document:
    """A jixiao/1 JSON file as is; any other file through ingest."""
    import json

    from ..errors import IngestError
    from ..model import Document

    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise IngestError(
                str(path), bi(f"不是有效的 jixiao/1 JSON: {exc}", f"not valid jixiao/1 JSON: {exc}")
            ) from exc
        if not isinstance(data, dict) or data.get("schema") != "jixiao/1":
            raise IngestError(
                str(path),
                bi(
                    "不是 jixiao/1 文档（schema 应为 jixiao/1）",
                    "not a jixiao/1 document (schema should be jixiao/1)",
                ),
            )
        return Document.from_dict(data)
    from ..ingest import ingest_file

    return ingest_file(path)


def difference_message(diff: Difference, lang: str = "zh") -> tuple[str, str, str]:
    """(code, severity, message) of a difference, rendered from its JX5xx rule."""
    from ..review.rules_scoring import findings_of

    (finding,) = findings_of([diff])
    return finding.code, finding.severity, finding.message(lang)


def _fmt(x: Any) -> str:
    if x is None:
        return ""
    if isinstance(x, float):
        return f"{x:.2f}".rstrip("0").rstrip(".")
    return str(x)


def _print_report(report: dict[str, Any], file: str) -> None:
    from rich.table import Table as RichTable

    out = console()
    for entry in report["tables"]:
        card = entry["score"]
        title = entry["project"] or entry["title"] or f"表{entry['table'] + 1}"
        grid = RichTable(title=f"{file} · 表{entry['table'] + 1} · {title}（评分规则：{report['policy']}）")
        for col in ("一级", "三级指标", "指标值", "实际完成值", "分值", "表内得分", "重算得分", "计算过程"):
            grid.add_column(col)
        ex = card["execution"]
        grid.add_row(
            "预算执行率",
            "",
            _fmt(ex["budget"]),
            _fmt(ex["executed"]),
            _fmt(ex["weight"]),
            _fmt(ex["printed_score"]),
            _fmt(ex["score"]),
            ex["formula"],
        )
        for line in card["lines"]:
            grid.add_row(
                line["category"] or "",
                line["name"] or "",
                line["target"] or "",
                line["actual"] or "",
                _fmt(line["weight"]),
                _fmt(line["printed_score"]),
                _fmt(line["score"]),
                line["formula"],
            )
        out.print(grid)
        printed = entry["printed"]
        out.print(
            f"总分 {_fmt(card['total'])}（满分 {_fmt(card['maximum'])}，可接受 {_fmt(card['low'])}–{_fmt(card['high'])}）"
            f" · 等级 {card['grade']}"
            + ("" if card["complete"] else " · [yellow]有指标无法计分，总分不完整[/yellow]")
            + (f" · 表内总分 {_fmt(printed['total'])}" if printed["total"] is not None else "")
            + (f" · 表内等级 {printed['grade']}" if printed["grade"] else ""),
            highlight=False,
        )
        for note in card["notes"]:
            out.print(f"  注：{note}", highlight=False)
        for d in entry["differences"]:
            code, severity, message = d["code"], d["severity"], d["message"]
            where = f"表{entry['table'] + 1}" + (
                f":指标{d['indicator'] + 1}" if d["indicator"] is not None else ""
            )
            color = {"error": "red", "warning": "yellow"}.get(severity, "cyan")
            out.print(f"{file}:{where}: [{color}]{code}[/{color}] {message}", highlight=False, soft_wrap=True)


@app.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--policy", "-p", default="national", help="评分规则名称或 .toml 文件（见 jixiao policies）")
@click.option("--format", "-f", "fmt", default="text", help="输出格式：text 或 json")
def score(file: Path, policy: str, fmt: str) -> None:
    """按评分规则给自评表计分，并列出表内得分与重算得分的差异。Score self-evaluations.

    FILE：自评表文件（任何可读取的格式，或 jixiao/1 JSON）。
    """
    from .. import actions
    from ..errors import IngestError, PolicyError
    from ..scoring.policy import local_policy

    if fmt not in ("text", "json"):
        err().print(f"[red]错误[/red] --format 应为 text 或 json，实际为 {fmt!r}")
        raise Exit(2)
    try:
        pol = local_policy(policy)  # a name, or a .toml file of this machine
        doc = _read_document(file)
    except (PolicyError, IngestError) as exc:
        err().print(f"[red]错误[/red] {exc}", highlight=False)
        raise Exit(2) from exc
    report = actions.score_document(doc, pol)
    if fmt == "json":
        write_json(report)
    elif report["tables"]:
        _print_report(report, file.name)
    if not report["tables"]:
        err().print(f"{file.name}: 未找到自评表", highlight=False)
        raise Exit(1)


def _policy_row(p: Policy) -> list[str]:
    weights = " / ".join(f"{k.removesuffix('指标')} {v:g}" for k, v in p.summary()["weights"].items())
    bands = " / ".join(f"{b.grade} {b.low:g}–{b.high:g}" for b in p.bands)
    return [p.name, p.title, weights, f"正向 {p.positive} · 反向 {p.negative} · 定值 {p.exact}", bands]


@app.command()
@click.option("--format", "-f", "fmt", default="text", help="输出格式：text 或 json")
def policies(fmt: str) -> None:
    """列出可用的评分规则。List the scoring policies."""
    from rich.table import Table as RichTable

    from .. import actions
    from ..errors import PolicyError

    try:
        found = actions.policies()
    except PolicyError as exc:
        err().print(f"[red]错误[/red] {exc}", highlight=False)
        raise Exit(2) from exc
    if fmt == "json":
        write_json([p.summary() for p in found])
        return
    grid = RichTable(title="评分规则（--policy 名称；本地规则放在 JIXIAO_POLICY_PATH 目录中）")
    for col in ("名称", "说明", "权重", "未达标计分公式", "定性分档(%)"):
        grid.add_column(col)
    for p in found:
        grid.add_row(*_policy_row(p))
    console().print(grid)
