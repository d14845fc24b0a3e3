"""The runner (审核执行): apply the selected rules to tables, documents and files.

Library entry points used by the CLI, the API (``POST /api/v1/check``) and the web
editor's live check:

- :func:`check_table` — one :class:`~jixiao.model.Table` → list of Findings;
- :func:`check_document` — a Document → :class:`~jixiao.review.report.Report`;
- :func:`check_path` / :func:`check_paths` — files (any format ingest reads) → Report;
  a file that cannot be read becomes a JX902 finding, never an exception.

Indicator rules are dispatched by the indicator's (一级, 二级, quantitative) key: the
rules that apply to a key are worked out once, so a cost rule never runs on a
satisfaction indicator.  This keeps a million indicators within seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import IngestError
from ..model import Document, Table
from .catalogue import Rule, all_rules, get_rule
from .config import CheckConfig
from .facts import PARENT, TableContext, budget_of
from .findings import Finding
from .reference import Reference
from .report import Report


@dataclass(slots=True)
class _Plan:
    config: CheckConfig
    indicator_rules: tuple[tuple[Rule, str], ...]
    table_rules: tuple[tuple[Rule, str], ...]
    document_rules: tuple[tuple[Rule, str], ...]
    vague_re: re.Pattern[str] | None
    kinded: bool = False  # some indicator rule is limited to table kinds
    # per table kind: (一级, 二级, quantitative) → the indicator rules that apply
    by_key: dict[str, dict[tuple[Any, ...], tuple[tuple[Rule, str], ...]]] = field(default_factory=dict)


_PLANS: dict[int, _Plan] = {}
_DEFAULT = CheckConfig()


def _plan(config: CheckConfig | None) -> _Plan:
    cfg = config or _DEFAULT
    plan = _PLANS.get(id(cfg))
    if plan is not None and plan.config is cfg:
        return plan
    chosen = [(r, cfg.severity_of(r.code, r.name, r.severity)) for r in all_rules() if cfg.enabled(r.code)]
    words = sorted(cfg.vague_words, key=len, reverse=True)
    plan = _Plan(
        config=cfg,
        indicator_rules=tuple(x for x in chosen if x[0].scope == "indicator"),
        table_rules=tuple(x for x in chosen if x[0].scope == "table"),
        document_rules=tuple(x for x in chosen if x[0].scope == "document"),
        vague_re=re.compile("|".join(map(re.escape, words))) if words else None,
    )
    plan.kinded = any(r.kinds is not None for r, _ in plan.indicator_rules)
    if len(_PLANS) > 64:
        _PLANS.clear()
    _PLANS[id(cfg)] = plan
    return plan


def _fold(result: Any) -> list[dict[str, Any]]:
    if result is None:
        return []
    if isinstance(result, dict):
        return [result]
    return list(result)


def check_table(
    table: Table,
    config: CheckConfig | None = None,
    *,
    table_index: int = 0,
    file: str | None = None,
    reference: Reference | None = None,
) -> list[Finding]:
    """Check one table; ``table_index``/``file`` say where it sits (for the findings);
    ``reference``: its earlier years and peers, for the rules that compare with them (JX6xx)."""
    plan = _plan(config)
    ctx = TableContext(
        config=plan.config,
        table=table,
        money_unit=table.money_unit,
        budget=budget_of(table),
        vague_re=plan.vague_re,
        reference=reference,
    )
    out: list[Finding] = []
    where = f"表{table_index + 1}"
    by_key = plan.by_key.setdefault(table.kind, {})
    ind_rules = plan.indicator_rules
    if plan.kinded:
        ind_rules = tuple(x for x in ind_rules if x[0].kinds is None or table.kind in x[0].kinds)
    cats = ctx.cats
    parent = PARENT.get
    for i, ind in enumerate(table.indicators):
        c2 = ind.category2
        c1 = ind.category1 or parent(c2 or "")
        key = (c1, c2, ind.target.number is not None)
        cats.append(key)
        rules = by_key.get(key)
        if rules is None:
            rules = by_key[key] = tuple(x for x in ind_rules if x[0].applies is None or x[0].applies(*key))
        for r, severity in rules:
            res = r.check(ind, c1, c2, ctx)
            if res:
                for args in _fold(res):
                    out.append(
                        Finding(
                            r.code,
                            r.name,
                            severity,
                            table_index,
                            i,
                            args,
                            ind.source or f"{where}:指标{i + 1}",
                            file,
                            r.dimension,
                        )
                    )
    ctx.c1s = frozenset(k[0] for k in cats)
    ctx.c2s = frozenset(k[1] for k in cats)
    kind = table.kind
    for r, severity in plan.table_rules:
        if r.kinds is not None and kind not in r.kinds or r.reference and reference is None:
            continue
        for idx, args in r.check(table, ctx) or ():
            subject = table.indicators[idx] if idx is not None else None
            if subject is not None:
                loc = subject.source or f"{where}:指标{idx + 1}"
            else:
                loc = table.source or where
            out.append(Finding(r.code, r.name, severity, table_index, idx, args, loc, file, r.dimension))
    return out


def check_document(
    doc: Document,
    config: CheckConfig | None = None,
    *,
    file: str | None = None,
    references: list[Reference | None] | None = None,
) -> Report:
    """Check every table of a Document, plus its ingest remarks; return the Report.

    ``file`` names the file in the findings (default: the Document's source name);
    ``references``: per table, its earlier years and peers (see :func:`check_table`).
    """
    plan = _plan(config)
    file = file or doc.source.name
    findings: list[Finding] = []
    ctx = TableContext(config=plan.config, table=Table())
    for r, severity in plan.document_rules:
        for t_idx, args in r.check(doc, ctx) or ():
            findings.append(Finding(r.code, r.name, severity, t_idx, None, args, file, file, r.dimension))
    for t_idx, table in enumerate(doc.tables):
        reference = references[t_idx] if references and t_idx < len(references) else None
        findings.extend(check_table(table, plan.config, table_index=t_idx, file=file, reference=reference))
    return Report.build([(doc, findings)], plan.config, names=[file])


def unreadable(path: str, exc: IngestError, config: CheckConfig | None = None) -> Report:
    """The Report of a file that ingest could not read: one JX902 finding."""
    cfg = config or _DEFAULT
    name = str(path)
    findings = []
    r = get_rule("JX902")
    if r is not None and cfg.enabled(r.code):
        reason = exc.reason + (f"（{exc.where}）" if exc.where else "")
        findings.append(
            Finding(
                r.code,
                r.name,
                cfg.severity_of(r.code, r.name, r.severity),
                None,
                None,
                {"reason": reason, "error": type(exc).__name__},
                name,
                name,
                r.dimension,
            )
        )
    return Report.build([(Document(), findings)], cfg, names=[name])


def check_path(path: str | Path, config: CheckConfig | None = None) -> Report:
    """Ingest one file (any format) and check it.  Unreadable → a JX902 finding."""
    from ..ingest import ingest_file

    try:
        doc = ingest_file(path)
    except IngestError as exc:
        return unreadable(str(path), exc, config)
    return check_document(doc, config, file=str(path))


def check_paths(paths: Iterable[str | Path], config: CheckConfig | None = None, jobs: int = 1) -> Report:
    """Ingest and check many files; one Report over all of them, in input order."""
    from ..ingest import ingest_many

    reports = []
    for outcome in ingest_many(paths, jobs=jobs):
        if outcome.error is not None or outcome.document is None:
            assert outcome.error is not None
            reports.append(unreadable(outcome.path, outcome.error, config))
        else:
            reports.append(check_document(outcome.document, config, file=outcome.path))
    return Report.merge(reports)
