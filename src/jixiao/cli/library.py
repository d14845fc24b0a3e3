"""``jixiao library search TEXT`` / ``jixiao library rebuild``: the indicator library (指标库).

The store and the library (jieba's dictionary, rapidfuzz) are imported when a command runs,
never when ``jixiao --help`` is.
"""

from __future__ import annotations

from typing import Any

import click
from click.exceptions import Exit

from .group import app, url_option
from .output import err, write_json


@app.group("library")
def library_app() -> None:
    """指标库：检索同类指标及其常见目标值，重建指标库（JIXIAO_DATABASE_URL，默认 ./jixiao.db）。"""


def _fail(exc: Exception) -> Exit:
    err().print(f"[red]错误[/red] {exc}", highlight=False)
    return Exit(2)


@library_app.command("search")
@click.argument("text")
@click.option("--level2", default=None, help="只看此二级指标（如 数量指标）")
@click.option("--limit", "-n", default=10, type=click.IntRange(1, 50), help="最多显示几组")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（与 GET /api/v1/library 的 items 相同）")
@url_option
def search(text: str, level2: str | None, limit: int, as_json: bool, url: str | None) -> None:
    """检索指标库：名称相近的同类指标，及其项目数、常见目标值和分布。Search the library.

    TEXT: 三级指标名称的几个字，如「培训人次」。
    """
    from .. import actions
    from ..errors import JixiaoError

    try:
        with actions.open_store(url) as store:
            items = actions.search_library(store, None, text, level2=level2, limit=limit)
    except JixiaoError as exc:
        raise _fail(exc) from exc
    if as_json:
        write_json(items)
        return
    _print(text, items)


def _print(text: str, items: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from ..review.facts import number_text
    from ..text import bi
    from .output import console as make_console

    console = make_console()
    if not items:
        console.print(
            bi(f"指标库中没有与「{text}」相近的指标", "nothing like it in the library"), highlight=False
        )
        return
    table = Table(title=f"指标库：{text}")
    for col in ("组", "名称", "二级指标", "项目", "单位", "常见目标", "分布（Q1 · 中位数 · Q3）", "达标率"):
        table.add_column(col)
    for g in items:
        d = g["targets"][0] if g["targets"] else None
        spread = (
            f"{number_text(d['q1'])} · {number_text(d['median'])} · {number_text(d['q3'])} {d['unit']}（{d['n']}）"
            if d
            else ""
        )
        met = g["met"] or {}
        share = f"{met['share']:.0%}（{met['judged']}）" if met.get("share") is not None else ""
        table.add_row(
            str(g["id"]),
            g["name"],
            g["level2"] or "",
            str(g["projects"]),
            str(g["units"]),
            (g["typical"] or {}).get("text") or "",
            spread,
            share,
        )
    console.print(table)


@library_app.command("rebuild")
@url_option
def rebuild(url: str | None) -> None:
    """重建指标库：把所有已存指标重新归组并计算每组的统计。Rebuild the library from every stored indicator."""
    from .. import actions
    from ..errors import JixiaoError

    try:
        with actions.open_store(url) as store:
            done = actions.rebuild_library(store, None)
    except JixiaoError as exc:
        raise _fail(exc) from exc
    steps = "，".join(f"{k} {v:.1f} s" for k, v in done.timings.items())
    err().print(
        f"指标库已重建：{done.indicators} 项指标，{done.names} 个名称，{done.groups} 组，用时 {done.seconds:.1f} s（{steps}）",
        highlight=False,
    )
