"""View models: store results → what the pages print (labels, amounts, findings, history).

Pure functions over what :class:`jixiao.store.Store` returns; routes call them so nothing
is computed in a template.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from ..model import Table, table_from_dict
from ..store import SUMMARY_FIELDS
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


@dataclass(frozen=True, slots=True)
class ListRow:
    """One line of a table list (绩效目标表列表).  An object rather than a dict: Jinja2 tries
    attribute access first, and a dict pays for a failed getattr on every ``r.x``."""

    id: int
    label: str
    unit_code: str | None
    unit_name: str | None
    year: int | None
    budget: str
    status: str
    state_label: str  # the review state in the page's language (审核状态)
    finding_count: int
    error_count: int


_LIST_FIELDS = (
    "id",
    "project_name",
    "title",
    "unit_code",
    "unit_name",
    "year",
    "budget_total",
    "money_unit",
    "status",
    "finding_count",
    "error_count",
)
_pick_list_fields = itemgetter(*(SUMMARY_FIELDS.index(name) for name in _LIST_FIELDS))


def list_rows(rows: Iterable[Sequence[Any]], t: Callable[..., str]) -> list[ListRow]:
    """List lines from :meth:`jixiao.store.Store.list_summary_rows` (label, unit, budget with
    its money unit, the state in words)."""
    out = []
    states: dict[str, str] = {}
    for row in rows:
        (
            id_,
            project_name,
            title,
            unit_code,
            unit_name,
            year,
            budget_total,
            money_unit,
            status,
            finding_count,
            error_count,
        ) = _pick_list_fields(row)
        budget = amount(budget_total)
        status = status or ""
        label = states.get(status)
        if label is None:
            label = states[status] = t("state." + status)
        out.append(
            ListRow(
                id=id_,
                label=label_of(project_name, title, unit_name),
                unit_code=unit_code,
                unit_name=unit_name,
                year=year,
                budget=f"{budget} {money_unit or ''}".strip() if budget else "",
                status=status,
                state_label=label,
                finding_count=finding_count or 0,
                error_count=error_count or 0,
            )
        )
    return out


def summary_rows(items: Iterable[dict[str, Any]], t: Callable[..., str]) -> list[ListRow]:
    """List lines from table summaries (dicts, as :meth:`Store.list_tables` gives them)."""
    return list_rows(
        (
            tuple(
                (s.get("unit") or {}).get(name[5:]) if name in ("unit_code", "unit_name") else s.get(name)
                for name in SUMMARY_FIELDS
            )
            for s in items
        ),
        t,
    )


def table_of(detail: dict[str, Any]) -> Table:
    return table_from_dict(detail["table"])


def history_rows(items: Iterable[dict[str, Any]], t: Callable[..., str]) -> list[dict[str, Any]]:
    """History entries for the table page, newest first, with the action in words."""
    labels = {
        a: f"wf.{a}"
        for a in ("submit", "return", "approve", "import", "create", "update", "reopen", "delete")
    }
    out = []
    for h in items:
        action = h.get("action") or ""
        text = t(labels[action]) if action in labels else action
        if h.get("to_status") and action not in ("update",):
            text = f"{text} → {t('state.' + h['to_status'])}"
        at = (h.get("at") or "")[:19].replace("T", " ")
        out.append({"at": at, "by": h.get("user") or "—", "action": text, "comment": h.get("comment")})
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
