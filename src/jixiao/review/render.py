"""Rendering (展示): linter lines for findings, and the explanation page of a rule.

:func:`finding_lines` gives ``file:表N «项目名»:指标M CODE message`` lines grouped by
file; :func:`rule_markdown` is the page of one rule — printed by ``jixiao rules CODE``
and written to ``docs/rules/<CODE>.md`` by :func:`write_rule_docs` (a test fails when
those files are stale).
"""

from __future__ import annotations

from pathlib import Path

from .catalogue import DIMENSIONS_EN, Rule, all_rules
from .findings import SEVERITY_ZH, Finding
from .report import Report
from .summary import GRADE_MEANING, GRADES_EN

CONFIDENCE_ZH = {
    "national": "全国性规定",
    "practice": "地方或实务做法，可配置",
    "recalled": "全国性规定，条文待核对",
}
SCOPE_ZH = {"indicator": "每个三级指标", "table": "每张表", "document": "每个文件"}
CONFIDENCE_EN = {
    "national": "national rule",
    "practice": "local or review practice, configurable",
    "recalled": "national rule, wording not checked against the text (recalled)",
}
SCOPE_EN = {"indicator": "per indicator (三级指标)", "table": "per table", "document": "per file"}


REFERENCE_ZH = (
    "本规则比较本项目往年的目标和实际完成值、同类项目的指标（指标库），只在有数据库时运行："
    "导入、保存和编辑器的即时检查；`jixiao check` 单独检查文件时不运行。",
    "",
)
REFERENCE_EN = (
    "This rule compares with the project's earlier years and its peers (the indicator library), so it "
    "runs only with a database: on import, on save and in the editor's live check; `jixiao check` "
    "on a file alone does not run it.",
    "",
)


def table_labels(report: Report) -> dict[tuple[str | None, int | None], str]:
    """(file, table index) → the table's label (项目名, else title, else 表N)."""
    return {(r.file, r.table): r.label for r in report.reviews}


def place(f: Finding, labels: dict[tuple[str | None, int | None], str]) -> str:
    """``file:表N «项目名»:指标M`` for a finding."""
    parts = [f.file or "<input>"]
    if f.table is not None:
        label = labels.get((f.file, f.table))
        parts.append(f"表{f.table + 1}" + (f" «{label}»" if label else ""))
    if f.indicator is not None:
        parts.append(f"指标{f.indicator + 1}")
    return ":".join(parts)


def finding_line(f: Finding, labels: dict[tuple[str | None, int | None], str], lang: str = "zh") -> str:
    return f"{place(f, labels)} {f.code} {f.message(lang)}"


def summary_line(report: Report, lang: str = "zh") -> str:
    s = report.summary()
    if lang == "en":
        return (
            f"{s['files']} files, {s['tables']} tables, {s['indicators']} indicators: "
            f"{s['error']} errors, {s['warning']} warnings, {s['info']} remarks"
        )
    return (
        f"{s['files']} 个文件，{s['tables']} 张表，{s['indicators']} 个指标："
        f"{s['error']} 个错误，{s['warning']} 个警告，{s['info']} 个提示"
    )


def rule_markdown(r: Rule, lang: str = "zh") -> str:
    """The explanation page of one rule (Markdown), generated from the rule itself."""
    if lang == "en":
        return "\n".join(
            [
                f"# {r.code} {r.name}",
                "",
                f"**{r.title_en}** ({r.title})",
                "",
                "| field | value |",
                "|---|---|",
                f"| code | `{r.code}` |",
                f"| name | `{r.name}` |",
                f"| default severity | `{r.severity}` |",
                f"| dimension | {DIMENSIONS_EN[r.dimension]} ({r.dimension}) |",
                f"| checked | {SCOPE_EN[r.scope]} |",
                f"| source | {r.source} |",
                f"| confidence | {CONFIDENCE_EN[r.confidence]} |",
                "",
                "## Message",
                "",
                f"- English: {r.message_en}",
                f"- Chinese: {r.message}",
                "",
                "## Why (rationale, in Chinese)",
                "",
                r.rationale,
                "",
                "## Example",
                "",
                r.example,
                "",
                "## How to fix (in Chinese)",
                "",
                r.fix,
                "",
                "## Citation",
                "",
                *citation_lines(r, "en"),
                "## Configuration",
                "",
                f'Turn it off: `[tool.jixiao] ignore = ["{r.code}"]` or `jixiao check --ignore {r.code}`; '
                f'change its severity: `[tool.jixiao.severity] {r.code} = "warning"`.',
                "",
                *REFERENCE_EN[: 2 if r.reference else 0],
            ]
        )
    return "\n".join(
        [
            f"# {r.code} {r.name}",
            "",
            f"**{r.title}**（{r.title_en}）",
            "",
            "| 项目 | 内容 |",
            "|---|---|",
            f"| 代码 | `{r.code}` |",
            f"| 名称 | `{r.name}` |",
            f"| 默认级别 | `{r.severity}`（{SEVERITY_ZH[r.severity]}） |",
            f"| 审核维度 | {r.dimension}（{DIMENSIONS_EN[r.dimension]}） |",
            f"| 检查范围 | {SCOPE_ZH[r.scope]} |",
            f"| 依据 | {r.source} |",
            f"| 可信度 | {CONFIDENCE_ZH[r.confidence]} |",
            "",
            "## 提示信息 (message)",
            "",
            f"- 中文：{r.message}",
            f"- English: {r.message_en}",
            "",
            "## 为什么 (rationale)",
            "",
            r.rationale,
            "",
            "## 示例 (example)",
            "",
            r.example,
            "",
            "## 如何修改 (fix)",
            "",
            r.fix,
            "",
            "## 依据条文 (citation)",
            "",
            *citation_lines(r),
            "## 配置 (configuration)",
            "",
            f'关闭：`[tool.jixiao] ignore = ["{r.code}"]` 或 `jixiao check --ignore {r.code}`；'
            f'改变级别：`[tool.jixiao.severity] {r.code} = "warning"`。',
            "",
            *REFERENCE_ZH[: 2 if r.reference else 0],
        ]
    )


def citation_lines(r: Rule, lang: str = "zh") -> list[str]:
    """The rule page's citation section: each clause quoted as read, with where it was read;
    what was not read is marked recalled (回忆所得)."""
    out: list[str] = []
    for c in r.citations:
        if lang == "en":
            where = f"read at <{c.url}>" + (f"; {c.note}" if c.note else "")
            out += [f"> {c.quote}", "", f"— {c.document} ({where})", ""]
        else:
            out += [
                f"> {c.quote}",
                "",
                f"—— {c.document}（摘自 <{c.url}>{'；' + c.note if c.note else ''}）",
                "",
            ]
    if lang == "en":
        practice = (
            "This rule follows local review practice. "
            if r.confidence == "local or common practice (configurable)"
            else ""
        )
        lead = "Other grounds in" if r.citations else "No clause is quoted. The grounds in"
        out += [
            f"{practice}{lead} the listed source documents are recalled from memory: their wording "
            "was not checked against the text.",
            "",
        ]
        return out
    practice = (
        "本规则依据地方审核实践（practice）；"
        if r.confidence == "local or common practice (configurable)"
        else ""
    )
    if r.citations:
        out += [
            f"{practice}以上摘录之外，「依据」一栏所列文件的有关要求为回忆所得（recalled），措辞未与原文核对。",
            "",
        ]
    else:
        out += [
            f"未摘录条文。{practice}「依据」一栏所列文件的有关要求为回忆所得（recalled），措辞未与原文核对。",
            "",
        ]
    return out


def rules_index_markdown(rules: list[Rule] | None = None) -> str:
    """docs/rules/README.md: the catalogue as a table."""
    rules = rules if rules is not None else all_rules()
    lines = [
        "# 规则目录",
        "",
        "由 `jixiao.review` 的规则对象生成，请勿手工编辑；更新：`python -m jixiao.review.render docs/rules`。",
        "Generated from the rule objects; do not edit by hand.",
        "",
        "审核建议等级：" + "；".join(f"{g}（{GRADES_EN[g]}）{m}" for g, m in GRADE_MEANING.items()),
        "",
        "| 代码 | 名称 | 级别 | 维度 | 说明 |",
        "|---|---|---|---|---|",
    ]
    for r in rules:
        lines.append(f"| [{r.code}]({r.code}.md) | `{r.name}` | {r.severity} | {r.dimension} | {r.title} |")
    lines.append("")
    return "\n".join(lines)


def rule_docs() -> dict[str, str]:
    """file name → content of every page of docs/rules/."""
    rules = all_rules()
    pages = {f"{r.code}.md": rule_markdown(r) for r in rules}
    pages["README.md"] = rules_index_markdown(rules)
    return pages


def write_rule_docs(folder: str | Path) -> list[Path]:
    """(Re)write docs/rules/ from the catalogue; remove pages of rules that no longer exist."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    pages = rule_docs()
    written = []
    for name, text in pages.items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    for old in out.glob("JX*.md"):
        if old.name not in pages:
            old.unlink()
            written.append(old)
    return written


if __name__ == "__main__":  # python -m jixiao.review.render docs/rules
    import sys

    for p in write_rule_docs(sys.argv[1] if len(sys.argv) > 1 else "docs/rules"):
        print(p)
