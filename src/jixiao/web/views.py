"""View models: store results → what the pages print (labels, amounts, findings, history).

Pure functions over what :class:`jixiao.store.Store` returns; routes call them so nothing
is computed in a template.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Table, table_from_dict
from . import i18n
from .charts import DashboardData


@dataclass(slots=True)
class StoredFinding:
    """A finding read back from the store; its message is rendered by the rule in ``lang``."""

    code: str
    severity: str
    indicator: int | None
    args: dict[str, Any]
    stored_message: str | None = None

    def message(self, lang: str = "zh") -> str:
        try:
            from ..review.findings import Finding
        except ImportError:  # the review package is optional for display
            return self.stored_message or self.code
        f = Finding(
            code=self.code, name="", severity=self.severity, indicator=self.indicator, args=dict(self.args)
        )
        text = f.message(lang)
        return self.stored_message if (text == self.code and self.stored_message) else text


def stored_findings(items: Iterable[dict[str, Any]]) -> list[StoredFinding]:
    return [
        StoredFinding(
            code=d.get("code") or "",
            severity=d.get("severity") or "warning",
            indicator=d.get("indicator"),
            args=d.get("args") or {},
            stored_message=d.get("message"),
        )
        for d in items
    ]


def amount(value: float | None, digits: int = 2) -> str:
    """An amount for a list column: thousands separators, two decimals; blank when unknown."""
    return "" if value is None else f"{value:,.{digits}f}"


def label_of(project_name: str | None, title: str | None, unit_name: str | None) -> str:
    """What a list shows for a table: 项目名称, else the title, else the unit name."""
    return project_name or title or unit_name or ""


def table_label(summary: dict[str, Any]) -> str:
    """:func:`label_of` a table summary (or a table's detail)."""
    return label_of(
        summary.get("project_name"), summary.get("title"), (summary.get("unit") or {}).get("name")
    )


def table_of(detail: dict[str, Any]) -> Table:
    return table_from_dict(detail["table"])


FIELD_LABELS: dict[str, tuple[str, str]] = {
    "kind": ("表类型", "Kind of table"),
    "title": ("标题", "Title"),
    "year": ("年度", "Year"),
    "unit.code": ("单位编码", "Unit code"),
    "unit.name": ("单位名称", "Unit"),
    "department.code": ("主管部门编码", "Department code"),
    "department.name": ("主管部门", "Department"),
    "project.name": ("项目名称", "Project"),
    "project.code": ("项目编码", "Project code"),
    "money_unit": ("金额单位", "Money unit"),
    "funds.total": ("预算数", "Budget"),
    "funds.fiscal": ("财政资金", "Fiscal funds"),
    "funds.other": ("其他资金", "Other funds"),
    "funds.period_total": ("实施期资金总额", "Total over the period"),
    "funds.carryover": ("上年结转", "Carried over"),
    "funds.initial": ("年初预算数", "Initial budget"),
    "funds.adjusted": ("全年预算数", "Adjusted budget"),
    "funds.executed": ("全年执行数", "Executed"),
    "funds.execution_rate": ("执行率", "Execution rate"),
    "funds.weight": ("资金执行率分值", "Weight of the funds line"),
    "funds.score": ("资金执行率得分", "Score of the funds line"),
    "purpose": ("资金用途", "Use of funds"),
    "goals.annual": ("年度目标", "Annual goals"),
    "goals.period": ("中期目标", "Medium-term goals"),
    "outcome": ("实际完成情况", "Achieved"),
    "as_of": ("截至日期", "As of"),
    "total_score": ("总分", "Total score"),
    "grade": ("自评等级", "Grade"),
    "level1": ("一级指标", "Level 1"),
    "level2": ("二级指标", "Level 2"),
    "name": ("三级指标", "Indicator"),
    "description": ("指标描述", "Description"),
    "period": ("期限", "Period"),
    "target": ("指标值", "Target"),
    "weight": ("分值", "Weight"),
    "actual": ("实际完成值", "Actual"),
    "score": ("得分", "Score"),
    "deviation": ("偏差原因", "Reason for deviation"),
    "direction": ("指标方向", "Direction"),
    "progress": ("执行情况", "Progress"),
    "expected": ("全年预计", "Expected"),
    "likelihood": ("完成可能性", "Likelihood"),
    "reason_category": ("偏差原因类别", "Kind of reason"),
    "reason": ("偏差原因", "Reason"),
    "measure": ("纠偏措施", "Measures"),
    "remark": ("备注", "Remark"),
}
i18n.add_messages({f"field.{k}": v for k, v in FIELD_LABELS.items()})
SHOWN_CHANGES = 30  # per history entry; the rest are counted


def _value(v: Any) -> str:
    if v is None or v == "":
        return "—"
    if isinstance(v, list):
        return "；".join(str(x) for x in v)
    return str(v)


def change_lines(changes: Iterable[dict[str, Any]], t: Callable[..., str]) -> list[dict[str, str]]:
    """What an entry changed (:func:`jixiao.changes.table_changes`), one line each: the
    field's name, its old and its new value."""
    out = []
    for c in changes:
        field = t("field." + c["field"]) if c.get("field") else ""
        old, new = _value(c.get("before")), _value(c.get("after"))
        name = c.get("indicator") or "—"
        if c["what"] == "field":
            text = t("hist.field", field=field, old=old, new=new)
        elif c["change"] == "added":
            text = t("hist.ind_added", name=name, new=new)
        elif c["change"] == "removed":
            text = t("hist.ind_removed", name=name, old=old)
        else:
            text = t("hist.ind_changed", name=name, field=field, old=old, new=new)
        out.append(
            {
                "text": text,
                "what": c["what"],
                "change": c["change"],
                "field": c.get("field") or "",
                "indicator": c.get("indicator") or "",
                "old": old,
                "new": new,
            }
        )
    return out


def thread_rows(items: Iterable[dict[str, Any]], t: Callable[..., str]) -> list[dict[str, Any]]:
    """A project's conversation (oldest first): who, in which role, when, on which step."""
    out = []
    for e in items:
        action = e.get("action") or "comment"
        out.append(
            {
                **e,
                "when": (e.get("at") or "")[:16].replace("T", " "),
                "role_label": t("role." + e["role"]) if e.get("role") else "",
                "step": "" if action == "comment" else t("wf." + action),
            }
        )
    return out


def history_rows(
    items: Iterable[dict[str, Any]], t: Callable[..., str], lang: str = "zh"
) -> list[dict[str, Any]]:
    """History entries for the table page, newest first, with the action in words, the
    comment, jixiao's note in ``lang`` and what changed."""
    out = []
    for h in items:
        action = h.get("action") or ""
        text = t(f"wf.{action}") if action in HISTORY_ACTIONS else action
        if h.get("to_status") and action not in ("update",):
            text = f"{text} → {t('state.' + h['to_status'])}"
        at = (h.get("at") or "")[:19].replace("T", " ")
        out.append(
            {
                "at": at,
                "by": h.get("user") or "—",
                "action": text,
                "code": action,
                "table_id": h.get("table_id"),
                "comment": h.get("comment"),
                "note": "；".join(n.get("en" if lang == "en" else "zh") or "" for n in h.get("note") or [])
                if lang != "en"
                else "; ".join(n.get("en") or "" for n in h.get("note") or []),
                "changes": change_lines((h.get("changes") or [])[:SHOWN_CHANGES], t),
                "more": max(0, len(h.get("changes") or []) - SHOWN_CHANGES),
            }
        )
    return list(reversed(out))


HISTORY_ACTIONS = frozenset(
    {
        "submit",
        "return",
        "approve",
        "import",
        "create",
        "update",
        "reopen",
        "delete",
        "checkpoint",
        "selfeval",
        "archive",
        "unarchive",
        "delete_project",
        "comment",
        "user_add",
        "user_update",
        "user_password",
        "unit_save",
    }
)
LIGHT_HEX = {"red": "#d9534f", "yellow": "#f0ad4e", "green": "#5cb85c"}


@dataclass(frozen=True, slots=True)
class ProjectLine:
    """One line of the project list (项目列表) and the head of a project's page."""

    id: int
    label: str
    unit_code: str | None
    unit_name: str | None
    year: int | None
    kind: str
    kind_label: str
    status: str  # a target status, or "" when the project has no target
    state_label: str
    pending: bool
    archived: bool
    light: str  # red | yellow | green | ""
    light_label: str
    as_of: str
    score: str
    grade: str
    budget: str
    finding_count: int
    error_count: int


def project_view(p: dict[str, Any], t: Callable[..., str]) -> ProjectLine:
    """A project summary (:meth:`Store.list_projects`) as its list line says it."""
    status = p.get("status") or ""
    light = p.get("light") or ""
    score = p.get("score")
    return ProjectLine(
        id=p["id"],
        label=p.get("name") or t("tables.untitled"),
        unit_code=(p.get("unit") or {}).get("code"),
        unit_name=(p.get("unit") or {}).get("name"),
        year=p.get("year"),
        kind=p.get("kind") or "project",
        kind_label=t("proj.kind." + (p.get("kind") or "project")),
        status=status,
        state_label=t("state." + status) if status else t("proj.no_target"),
        pending=bool(p.get("pending")),
        archived=bool(p.get("archived")),
        light=light,
        light_label=t("status." + light) if light else "",
        as_of=p.get("as_of") or "",
        score="" if score is None else f"{score:.2f}",
        grade=p.get("grade") or "",
        budget=amount(p.get("budget_wan")),
        finding_count=int(p.get("finding_count") or 0),
        error_count=int(p.get("error_count") or 0),
    )


def project_rows(items: Iterable[dict[str, Any]], t: Callable[..., str]) -> list[ProjectLine]:
    return [project_view(p, t) for p in items]


def version_rows(items: Iterable[dict[str, Any]], t: Callable[..., str]) -> list[dict[str, Any]]:
    """A stage's versions, newest first: revision, standing and status in words."""
    out = []
    for v in items:
        out.append(
            {
                **v,
                "revision_label": t("proj.revision", n=v["revision"]),
                "standing_label": t("proj.standing." + v["standing"]),
                "state_label": t("state." + v["status"]) if v.get("status") else "",
                "at": (v.get("updated_at") or "")[:19].replace("T", " "),
            }
        )
    return list(reversed(out))


def checkpoint_rows(items: Iterable[dict[str, Any]], t: Callable[..., str]) -> list[dict[str, Any]]:
    """A project's checkpoints (the current one per date), latest first, with their colour and
    execution rate."""
    out = []
    for c in items:
        funds = (c.get("table") or {}).get("funds") or {}
        rate = funds.get("execution_rate")
        out.append(
            {
                "id": c["id"],
                "as_of": c.get("as_of") or "",
                "light": c.get("light") or "",
                "light_label": t("status." + c["light"]) if c.get("light") else "",
                "light_hex": LIGHT_HEX.get(c.get("light") or "", "#999"),
                "rate": "" if rate is None else f"{rate * 100:.1f}%",
                "executed": amount(funds.get("executed")),
                "revision": c.get("revision"),
                "status": c.get("status"),
                "version": c.get("version"),
            }
        )
    return list(reversed(out))


def rule_label(code: str, lang: str) -> str:
    """``JX204 定性指标未量化``: the code and the rule's one-line title, for chart axes."""
    try:
        from ..review.catalogue import get_rule, load_rules

        load_rules()
        rule = get_rule(code)
    except ImportError:
        rule = None
    title = (rule.title_en if lang == "en" else rule.title) if rule is not None else ""
    return f"{code} {title}".strip()


def dashboard_data(d: dict[str, Any], lang: str = "zh") -> DashboardData:
    """:meth:`Store.dashboard`'s aggregates as :class:`DashboardData`."""
    rules: dict[str, int] = {}
    for f in d.get("findings_by_rule") or []:
        rules[f["code"]] = rules.get(f["code"], 0) + int(f["count"])
    quantified = int(d.get("quantified") or 0)
    return DashboardData(
        tables=int(d.get("tables") or 0),
        units=len(d.get("by_unit") or []),
        indicators=int(d.get("indicators") or 0),
        quantitative=quantified,
        qualitative=int(d.get("indicators") or 0) - quantified,
        budget_total=float(d.get("budget_total") or 0.0),
        findings=sum(rules.values()),
        budget_by_unit=[
            (u.get("name") or u.get("code") or "—", float(u.get("budget") or 0.0))
            for u in d.get("by_unit") or []
        ],
        quantified_by_category=[
            (c.get("category1") or "其他", float(c.get("quantified_share") or 0.0))
            for c in d.get("by_category") or []
            if c.get("indicators")
        ],
        indicators_by_category=[
            (c.get("category1") or "其他", int(c["indicators"])) for c in d.get("by_category") or []
        ],
        findings_by_rule=[
            (rule_label(c, lang), n) for c, n in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        tables_by_state=sorted((d.get("by_status") or {}).items()),
    )


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"
