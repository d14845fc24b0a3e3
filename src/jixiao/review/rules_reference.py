"""JX6xx — a target against the project's earlier years and its peers (历史与同类参照).

A reviewer judging whether a target is 合理可行 asks what the project reached last year, what
similar projects promise, and whether the target is below what was already achieved.  These
rules answer from a :class:`~jixiao.review.reference.Reference` (the caller builds it from the
store: :func:`jixiao.library.reference_for`); without one they stay quiet.  Their evidence is
the project's own years and the peers' aggregates (how many projects and units, quartiles,
medians), never another unit's project names.

101号 names the grounds a target value is set on — 计划标准, 行业标准, 历史标准 — [recalled]:
a target below the project's own result, or far from what peers set, has lost its ground.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Indicator, Table, Value
from ..taxonomy import indicator_kind
from ..values import convert
from .catalogue import rule
from .facts import TableContext, categories, is_cost
from .facts import number_text as _num
from .reference import PastYear
from .sources import PRACTICE, S88, S101

Hits = Iterator[tuple[int | None, dict[str, Any]]]
_NOT_MONITORING = ("project_target", "department_target", "project_selfeval", "department_selfeval")
MIN_PEER_VALUES = 8  # target numbers in the same unit before a target can be an outlier
MIN_PEER_PROJECTS = 5
IQR_FLOOR = 0.05  # of the median: a tight spread still leaves a target this close alone
COMMON_SHARE = 0.9  # of the peer projects carrying a kind, for it to be expected
KIND_EN = {
    "数量指标": "a quantity indicator",
    "质量指标": "a quality indicator",
    "时效指标": "a timeliness indicator",
    "成本指标": "a cost indicator",
    "经济效益指标": "an economic benefit indicator",
    "社会效益指标": "a social benefit indicator",
    "生态效益指标": "an ecological benefit indicator",
    "可持续影响指标": "a sustainability indicator",
    "服务对象满意度指标": "a satisfaction indicator",
}


def _direction(ind: Indicator) -> str | None:
    """positive (≥ >), negative (≤ <), or an "=" target's printed 正向/反向; else None — and
    None for a cost indicator, whose ceiling follows each year's budget, not last year's result."""
    if is_cost(*categories(ind)):
        return None
    op = ind.target.op or "="
    if op in ("≥", ">"):
        return "positive"
    if op in ("≤", "<"):
        return "negative"
    if op == "=" and ind.direction in ("positive", "negative"):
        return ind.direction
    return None


def _text(v: Value) -> str:
    if v.text:
        return v.text
    return f"{v.op if v.op and v.op != '=' else ''}{_num(float(v.number or 0))}{v.unit or ''}"


def _in_unit(v: Value | None, unit: str | None) -> float | None:
    """``v``'s number in ``unit`` (a value without a unit is taken to be in it)."""
    if v is None or v.number is None:
        return None
    if not v.unit or not unit or v.unit == unit:
        return float(v.number)
    return convert(float(v.number), v.unit, unit)


def _looser(direction: str, target: float, achieved: float) -> bool:
    """Is ``target`` less than what ``achieved`` already reached?"""
    return target < achieved if direction == "positive" else target > achieved


@rule(
    "JX601",
    "target-below-last-actual",
    "warning",
    dimension="可行性",
    scope="table",
    title="目标低于本项目上年实际完成值",
    title_en="Target below the project's last actual",
    message="「{name}」的目标 {target} 低于本项目 {year} 年的实际完成值 {actual}（{year} 年目标 {past_target}）",
    message_en="{name!r}: the target {target} is below what the project reached in {year}: {actual} "
    "(its {year} target was {past_target})",
    rationale="同一项目去年已经做到的，今年的目标不应更低：目标值应参考历史标准测算，"
    "低于已实现水平的目标不需努力就能完成，自评时得满分也说明不了绩效。"
    "比较时把上年实际完成值换算成本年目标的单位；正向指标（≥）看目标是否低于上年实际，"
    "反向指标（≤，如时长、故障率）看目标是否高于上年实际。成本指标不比：其上限随当年预算定。",
    example="2024 年自评：培训人次 目标 ≥800人次 实际 1000人次；2025 年目标表：培训人次 ≥900人次",
    fix="以上年实际完成值为起点重新测算目标；确因任务或资金减少而调低的，在指标描述中写明原因。",
    source=f"{S101}；{S88}",
    confidence="recalled",
    kinds=_NOT_MONITORING,
    reference=True,
)
def target_below_last_actual(table: Table, ctx: TableContext) -> Hits:
    ref = ctx.reference
    if ref is None:
        return
    for i, past in ref.history.items():
        ind = table.indicators[i]
        direction = _direction(ind)
        if direction is None or ind.target.number is None:
            continue
        last = next((p for p in past if p.actual is not None and p.actual.number is not None), None)
        if last is None or last.actual is None:
            continue
        achieved = _in_unit(last.actual, ind.target.unit or (last.target.unit if last.target else None))
        if achieved is not None and _looser(direction, float(ind.target.number), achieved):
            yield (
                i,
                {
                    "name": ind.name,
                    "target": _text(ind.target),
                    "year": last.year,
                    "actual": _text(last.actual),
                    "past_target": _text(last.target) if last.target else "—",
                },
            )


def _same_target(a: Value, b: Value | None) -> bool:
    if b is None or b.number is None or a.number is None or (a.op or "=") != (b.op or "="):
        return False
    other = _in_unit(b, a.unit)
    return other is not None and abs(other - float(a.number)) <= 1e-9 * max(1.0, abs(float(a.number)))


def _stale_years(ind: Indicator, past: tuple[PastYear, ...], year: int | None) -> list[PastYear] | None:
    """The two years before this one when both set the same target and both beat it."""
    direction = _direction(ind)
    if direction is None or year is None:
        return None
    by_year = {p.year: p for p in past}
    years = [by_year.get(year - 1), by_year.get(year - 2)]
    if any(p is None for p in years):
        return None
    out = []
    for p in years:
        assert p is not None
        actual = _in_unit(p.actual, ind.target.unit)
        if not _same_target(ind.target, p.target) or actual is None:
            return None
        if not _looser(direction, float(ind.target.number or 0), actual):
            return None
        out.append(p)
    return out


@rule(
    "JX602",
    "target-stale",
    "warning",
    dimension="可行性",
    scope="table",
    title="目标连续三年未变而实际一直超过",
    title_en="Target unchanged for three years while the actuals beat it",
    message="「{name}」的目标连续三年都是 {target}，而 {y1} 年实际完成 {a1}、{y2} 年实际完成 {a2}，都超过了目标",
    message_en="{name!r}: the target has been {target} for three years, while the actuals beat it: "
    "{a1} in {y1}, {a2} in {y2}",
    rationale="目标应随实际完成情况调整。连续三年同一个目标、而前两年的实际完成值都超过它，"
    "说明目标没有根据历史完成情况测算，每年照抄，已失去约束力。",
    example="2023、2024、2025 年目标都是 培训人次 ≥800人次；2023 年实际 950人次，2024 年实际 1000人次",
    fix="按近年实际完成值重新测算目标值，或在指标描述中写明维持原目标的理由。",
    source=f"{S101}；{S88}",
    confidence="recalled",
    kinds=_NOT_MONITORING,
    reference=True,
)
def target_stale(table: Table, ctx: TableContext) -> Hits:
    ref = ctx.reference
    if ref is None:
        return
    for i, past in ref.history.items():
        ind = table.indicators[i]
        years = _stale_years(ind, past, table.year)
        if years is None:
            continue
        first, second = years
        assert first.actual is not None and second.actual is not None
        yield (
            i,
            {
                "name": ind.name,
                "target": _text(ind.target),
                "y1": second.year,
                "a1": _text(second.actual),
                "y2": first.year,
                "a2": _text(first.actual),
            },
        )


@rule(
    "JX603",
    "target-outlier",
    "warning",
    dimension="可行性",
    scope="table",
    title="目标与同类指标相比异常",
    title_en="Target an outlier against its peers",
    message="「{name}」的目标 {target} {side}同类指标：{projects} 个项目（{units} 个单位）以{unit}计的目标"
    "中位数 {median}，四分位 {q1}–{q3}（同类指标「{group}」）",
    message_en="{name!r}: the target {target} is {side_en} its peers: across {projects} projects ({units} units) "
    "their targets in {unit} have median {median}, quartiles {q1}–{q3} (library group {group!r})",
    rationale="同类指标（名称相近、二级指标相同、计量单位相同）的目标值分布反映行业标准。"
    "目标落在四分位距的 1.5 倍之外（Q1 − 1.5×IQR 以下或 Q3 + 1.5×IQR 以上），远低于同类可能是目标偏低、"
    "远高于同类可能不切实际或单位填错。同类目标少于 8 个、或来自少于 5 个项目时不比较；"
    "四分位距很小时按中位数的 5% 计，免得微小差别也报出。",
    example="同类「培训人次」20 个项目的目标中位数 800人次、四分位 600–1000人次；本表目标 ≥50人次",
    fix="对照同类项目核实目标值和计量单位；确属特殊情况的，在指标描述中说明。",
    source=f"{S101}；{PRACTICE}",
    confidence="practice",
    kinds=_NOT_MONITORING,
    reference=True,
)
def target_outlier(table: Table, ctx: TableContext) -> Hits:
    ref = ctx.reference
    if ref is None:
        return
    for i, peer in ref.peers.items():
        ind = table.indicators[i]
        value = _in_unit(ind.target, peer.unit)
        if value is None or peer.n < MIN_PEER_VALUES or peer.projects < MIN_PEER_PROJECTS:
            continue
        spread = max(peer.q3 - peer.q1, IQR_FLOOR * abs(peer.median))
        low, high = peer.q1 - 1.5 * spread, peer.q3 + 1.5 * spread
        if low <= value <= high:
            continue
        below = value < low
        yield (
            i,
            {
                "name": ind.name,
                "target": _text(ind.target),
                "side": "远低于" if below else "远高于",
                "side_en": "far below" if below else "far above",
                "projects": peer.projects,
                "units": peer.units,
                "unit": peer.unit,
                "median": _num(peer.median),
                "q1": _num(peer.q1),
                "q3": _num(peer.q3),
                "group": peer.name,
                "group_id": peer.group_id,
            },
        )


@rule(
    "JX604",
    "missing-common-indicator",
    "info",
    dimension="完整性",
    scope="table",
    title="缺少同类项目普遍设置的指标",
    title_en="A kind of indicator nearly all peer projects carry is missing",
    message="同类项目 {peers} 个中有 {carried} 个（{share}）设有{kind}，本表没有",
    message_en="{carried} of {peers} peer projects ({share}) carry {kind_en}; this table has none",
    rationale="同类项目（与本表有相同的、较少见的指标的项目）几乎都设置的一类指标（如成本指标），"
    "本表却没有，可能是漏设。这只是提示：项目确实不涉及的，可以不设。"
    "同类项目少于 5 个时不提示；九成以上同类项目设有才提示。",
    example="与本表同有「外宾接待批次」的 12 个项目中 11 个设有成本指标；本表只有数量、质量、时效、满意度指标",
    fix="对照同类项目补设这类指标（如「人均接待成本 ≤500元/人」），或确认本项目不需要。",
    source=f"{S101}；{PRACTICE}",
    confidence="practice",
    kinds=_NOT_MONITORING,
    reference=True,
)
def missing_common_indicator(table: Table, ctx: TableContext) -> Hits:
    ref = ctx.reference
    if ref is None or ref.peer_projects < MIN_PEER_PROJECTS:
        return
    own = {indicator_kind(*categories(ind)) for ind in table.indicators}
    for share in ref.kinds:
        if share.kind in own or share.peers < MIN_PEER_PROJECTS or share.carried < COMMON_SHARE * share.peers:
            continue
        yield (
            None,
            {
                "peers": share.peers,
                "carried": share.carried,
                "share": f"{share.carried / share.peers:.0%}",
                "kind": share.kind,
                "kind_en": KIND_EN.get(share.kind, share.kind),
            },
        )
