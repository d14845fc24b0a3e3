"""JX5xx — self-evaluation scoring (自评复核): printed scores against the recomputed ones.

Each rule reads the differences :func:`jixiao.scoring.rescore.table_differences` finds in
a 自评表 (computed once per table and kept in ``ctx.extra``) and reports those of its name.
The policy is ``ctx.extra["scoring_policy"]``, else a ``scoring_policy`` setting of the
check configuration, else the national default (财预〔2020〕10号).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from ..model import Table
from ..scoring.policy import Policy, load_policy
from ..scoring.rescore import SELFEVAL_KINDS, Difference, table_differences
from ..scoring.scorer import score_table
from .catalogue import get_rule, rule
from .facts import TableContext
from .findings import Finding
from .sources import S10

Hits = Iterator[tuple[int | None, dict[str, Any]]]
_KEY = "scoring.differences"


def policy_name(ctx: TableContext) -> str:
    """The scoring policy of the JX5xx rules: ``ctx.extra["scoring_policy"]``, else the check
    configuration's ``scoring-policy``, else the national default."""
    extra = ctx.extra if isinstance(getattr(ctx, "extra", None), dict) else {}
    policy = extra.get("scoring_policy") or getattr(getattr(ctx, "config", None), "scoring_policy", None)
    return str(policy or "national")


def _differences(table: Table, ctx: TableContext) -> list[Difference]:
    extra = ctx.extra if isinstance(getattr(ctx, "extra", None), dict) else {}
    cached = extra.get(_KEY)
    if isinstance(cached, tuple) and cached[0] is table:
        return cast("list[Difference]", cached[1])
    found = table_differences(table, policy_name(ctx))
    extra[_KEY] = (table, found)
    return found


def _hits(name: str, table: Table, ctx: TableContext) -> Hits:
    if table.kind not in SELFEVAL_KINDS:
        return
    for d in _differences(table, ctx):
        if d.name == name:
            yield d.indicator, d.args


@rule(
    "JX501",
    "printed-score-mismatch",
    "warning",
    dimension="适当性",
    scope="table",
    title="指标得分与按规则重算的得分不符",
    title_en="Printed indicator score differs from the recomputed one",
    message="「{name}」表内得分 {printed}，按评分规则应为 {recomputed}（可接受 {low}–{high}）：{formula}",
    message_en="{name!r}: printed score {printed}, recomputed {recomputed} (accepted {low}–{high}): {formula}",
    rationale="10号文规定定量指标达成得满分、未达成按比例计分，定性指标按三档计分。表内得分超出按规则"
    "可得的范围，说明自评打分偏高或计算有误，自评结果不可信。",
    example="年度指标值 ≥100人次 | 实际完成值 80人次 | 分值 10 | 得分 10（应为 10 × 80/100 = 8）",
    fix="按评分规则重新计算该指标得分；确有理由时在偏差原因栏说明。",
    source=S10,
    confidence="national",
)
def printed_score_mismatch(table: Table, ctx: TableContext) -> Hits:
    return _hits("printed-score-mismatch", table, ctx)


@rule(
    "JX502",
    "printed-execution-score-mismatch",
    "error",
    dimension="适当性",
    scope="table",
    title="预算执行率得分计算有误",
    title_en="Budget execution score miscalculated",
    message="预算执行率得分表内为 {printed}，应为 {recomputed}：{formula}",
    message_en="Budget execution score printed {printed}, should be {recomputed}: {formula}",
    rationale="预算执行率得分 = 分值 × min(全年执行数 / 全年预算数, 1)，是全国统一口径。",
    example="全年预算数 100 | 全年执行数 80 | 分值 10 | 得分 10（应为 8）",
    fix="按 全年执行数 ÷ 全年预算数 重新计算执行率和得分。",
    source=S10,
    confidence="national",
)
def printed_execution_score_mismatch(table: Table, ctx: TableContext) -> Hits:
    return _hits("printed-execution-score-mismatch", table, ctx)


@rule(
    "JX503",
    "printed-total-mismatch",
    "warning",
    dimension="适当性",
    scope="table",
    title="总分与重算结果不符",
    title_en="Printed total differs from the recomputed one",
    message="总分表内为 {printed}，按评分规则应为 {recomputed}（可接受 {low}–{high}；表内各项得分合计 {printed_sum}）",
    message_en="Total printed {printed}, recomputed {recomputed} (accepted {low}–{high}; printed lines add up to {printed_sum})",
    rationale="总分 = 预算执行率得分 + 各指标得分。总分不符可能是加总错误，也可能是单项得分偏高。",
    example="执行率得分 10 + 指标得分合计 80 | 总分 100",
    fix="核对各项得分后重新加总。",
    source=S10,
    confidence="national",
)
def printed_total_mismatch(table: Table, ctx: TableContext) -> Hits:
    return _hits("printed-total-mismatch", table, ctx)


@rule(
    "JX504",
    "printed-grade-mismatch",
    "warning",
    dimension="适当性",
    scope="table",
    title="自评等级与总分不符",
    title_en="Printed grade does not match the total",
    message="自评等级表内为「{printed}」，按重算总分 {total} 应为「{recomputed}」（可为 {allowed}）",
    message_en="Grade printed {printed!r}; the recomputed total {total} gives {recomputed!r} (allowed: {allowed})",
    rationale="10号文：总分 90（含）以上为优，80–90 为良，60–80 为中，60 以下为差。",
    example="总分 85 | 自评等级 优",
    fix="按总分确定自评等级。",
    source=S10,
    confidence="national",
)
def printed_grade_mismatch(table: Table, ctx: TableContext) -> Hits:
    return _hits("printed-grade-mismatch", table, ctx)


@rule(
    "JX505",
    "missing-deviation-reason",
    "warning",
    dimension="完整性",
    scope="table",
    title="未完成或偏差较大却未说明原因",
    title_en="Missed or far-off target without a deviation reason",
    message="「{name}」{why}（指标值 {target}，实际完成值 {actual}），但未填写偏差原因分析及改进措施",
    message_en="{name!r}: {why} (target {target}, actual {actual}) but no deviation reason is given",
    rationale="自评表要求对未完成目标或偏差较大（默认 30%）的指标分析原因并提出改进措施。"
    "只写「无」「暂无」「已完成」「—」「/」「不适用」「正常」之类的占位词，等于没有说明。",
    example="年度指标值 ≥95% | 实际完成值 60% | 偏差原因分析及改进措施（空，或「无」）",
    fix="在偏差原因分析及改进措施栏说明未完成或偏差的原因和改进措施。",
    source=S10,
    confidence="national",
)
def missing_deviation_reason(table: Table, ctx: TableContext) -> Hits:
    return _hits("missing-deviation-reason", table, ctx)


@rule(
    "JX506",
    "target-far-exceeded",
    "info",
    dimension="适当性",
    scope="table",
    title="实际完成值远超目标，目标可能定得偏低",
    title_en="Target far exceeded; possibly set too low",
    message="「{name}」实际完成值 {actual} 超出指标值 {target} {deviation}%（阈值 {threshold}%），目标可能定得偏低",
    message_en="{name!r}: actual {actual} exceeds target {target} by {deviation}% (threshold {threshold}%); "
    "the target was possibly set too low",
    rationale="10号文：因目标设置偏低而大幅超额完成的，可酌情扣分；也提示下一年度目标应调高。",
    example="年度指标值 ≥10场 | 实际完成值 30场",
    fix="说明超额完成的原因；下一年度按实际能力设定目标。",
    source=S10,
    confidence="national",
)
def target_far_exceeded(table: Table, ctx: TableContext) -> Hits:
    return _hits("target-far-exceeded", table, ctx)


@rule(
    "JX507",
    "actual-not-comparable",
    "warning",
    dimension="完整性",
    scope="table",
    title="实际完成值无法与指标值比较",
    title_en="Actual value cannot be compared with the target",
    message="「{name}」实际完成值「{actual}」无法与指标值「{target}」比较：{why}",
    message_en="{name!r}: actual {actual!r} cannot be compared with target {target!r}: {why}",
    rationale="实际完成值应与年度指标值同口径（同单位、可比较），否则无法按比例计分。",
    example="年度指标值 ≥95% | 实际完成值 无",
    fix="按指标值的口径和单位填写实际完成值；定性指标填写 达成 / 部分达成 / 未达成。",
    source=S10,
    confidence="practice",
)
def actual_not_comparable(table: Table, ctx: TableContext) -> Hits:
    return _hits("actual-not-comparable", table, ctx)


@rule(
    "JX508",
    "actual-missing",
    "info",
    dimension="完整性",
    scope="table",
    title="自评表缺少实际完成值",
    title_en="Self-evaluation indicator without an actual value",
    message="「{name}」没有填写实际完成值（指标值 {target}）",
    message_en="{name!r} has no actual value (target {target})",
    rationale="自评需逐项填写实际完成值，才能计分。",
    example="年度指标值 =100% | 实际完成值（空）",
    fix="填写该指标的全年实际完成值。",
    source=S10,
    confidence="national",
)
def actual_missing(table: Table, ctx: TableContext) -> Hits:
    return _hits("actual-missing", table, ctx)


@rule(
    "JX509",
    "printed-execution-rate-mismatch",
    "error",
    dimension="适当性",
    scope="table",
    title="执行率与执行数、预算数不符",
    title_en="Printed execution rate differs from executed / budget",
    message="执行率表内为 {printed}%，全年执行数 {executed} ÷ 全年预算数 {budget} = {recomputed}%",
    message_en="Execution rate printed {printed}%, but executed {executed} / budget {budget} = {recomputed}%",
    rationale="预算执行率 = 全年执行数 ÷ 全年预算数。",
    example="全年预算数 100 | 全年执行数 80 | 执行率 100%",
    fix="按全年执行数和全年预算数重新计算执行率。",
    source=S10,
    confidence="national",
)
def printed_execution_rate_mismatch(table: Table, ctx: TableContext) -> Hits:
    return _hits("printed-execution-rate-mismatch", table, ctx)


def findings_of(differences: list[Difference], file: str | None = None) -> list[Finding]:
    """The Findings (JX5xx, default severities) of re-scoring differences."""
    out = []
    for d in differences:
        r = get_rule(d.name)
        if r is not None:
            out.append(
                Finding(
                    r.code, r.name, r.severity, d.table, d.indicator, dict(d.args), None, file, r.dimension
                )
            )
    return out


def score_report(table: Table, policy: Policy | str = "national", lang: str = "zh") -> dict[str, Any]:
    """One table's score card and its differences as rendered findings — what the API and web show."""
    pol = load_policy(policy) if isinstance(policy, str) else policy
    card = score_table(table, pol)
    diffs = table_differences(table, pol, None, card) if table.kind in SELFEVAL_KINDS else []
    return {
        "policy": pol.summary(),
        "score": card.to_dict(),
        "findings": [f.to_dict(lang) for f in findings_of(diffs)],
    }
