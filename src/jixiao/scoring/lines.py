"""One indicator's score (指标得分) under a policy, with the formula a person can follow.

W = 分值 (weight), T = 年度指标值 (target), A = 实际完成值 (actual, converted to T's unit
with :func:`jixiao.values.convert`: 分钟 ↔ 小时, 元 ↔ 万元; an actual without a unit takes
the target's).

Quantitative (定量) targets, by comparator:

- ≥ / > (正向): met when A ≥ T → W; else W × A / T.
- ≤ / < (反向): met when A ≤ T → W; else ``inverse`` W × T / A, or ``linear``
  W × (1 − (A − T) / T), 0 from A ≥ 2T.
- = (exact): met when A = T → W; else ``proportional`` W × min(A, T) / max(A, T), or
  ``linear`` W × max(0, 1 − |A − T| / T).  When the table prints 指标方向性 正向/反向, an
  "=" target is scored as ≥ / ≤.
- ± (tolerance): met when |A| ≤ T; else the negative formula on |A|.

Never above W, never below 0.  A positive target exceeded by the policy's ``far_exceeded``
or more is flagged (target possibly set too low); a reduced score by judgement is then
accepted, so the line's accepted range is 0..W.

Qualitative (定性) targets, or an actual written as a grade: a grade word in the actual
(达成 / 部分达成 / 未达成 and their variants, from the policy's bands; the earliest and then
longest word wins, so 未达成 and 部分达成年度指标 are not read as 达成) scores at the band's
``point`` (top by default) and accepts any printed score inside the band; an actual equal
to the target text (target 及时, actual 及时) is 达成; an explicit percentage in the
actual (target 效果明显, actual 85%) scores W × 85%.  Anything else is not scorable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from ..model import Indicator, Value
from ..text import Text, bi, in_lang, join
from ..values import convert, is_blank, unit_dimension
from .policy import Band, Policy


@dataclass(frozen=True, slots=True)
class LineScore:
    """The score of one indicator: value, accepted range, and the formula used."""

    index: int
    category: str | None
    name: str | None
    weight: float | None
    weight_source: str
    target: str | None
    actual: str | None
    kind: str  # met | positive | negative | exact | tolerance | qualitative | not-scorable | no-actual
    score: float | None
    low: float | None
    high: float | None
    formula: str
    met: bool | None = None
    deviation: float | None = None  # (A − T) / T
    needs_reason: bool = False
    far_exceeded: bool = False
    printed_score: float | None = None
    reason_given: bool = False

    def to_dict(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in self.__slots__}


class _Common(TypedDict):
    """The fields of a :class:`LineScore` known before the indicator is scored."""

    index: int
    category: str | None
    name: str | None
    weight: float | None
    weight_source: str
    target: str | None
    actual: str | None
    printed_score: float | None
    reason_given: bool


# 偏差原因 that explain nothing: a missed target "explained" by these has no reason given.
NO_REASON: frozenset[str] = frozenset(
    {"无", "暂无", "没有", "无偏差", "无原因", "已完成", "完成", "不适用", "正常", "无异常", "同上", "略"}
)


def reason_given(text: str | None) -> bool:
    """Does a 偏差原因分析 say something?  Blank cells and placeholders (无, 暂无, 已完成, —, /,
    不适用, 正常 …) do not."""
    if is_blank(text):
        return False
    assert text is not None
    return "".join(text.split()).strip("。.;；，,") not in NO_REASON


def _n(x: float) -> str:
    """A number for a formula: at most 2 decimals, no trailing zeros."""
    return f"{x:.2f}".rstrip("0").rstrip(".") if abs(x - round(x)) > 1e-9 else str(int(round(x)))


def find_band(text: str | None, policy: Policy) -> Band | None:
    """The qualitative band a grade word in ``text`` names; earliest, then longest word wins."""
    if not text:
        return None
    t = "".join(text.split())
    best: tuple[int, int, Band] | None = None
    for band in policy.bands:
        for word in band.words:
            pos = t.find(word)
            if pos >= 0 and (best is None or (pos, -len(word)) < (best[0], -best[1])):
                best = (pos, len(word), band)
    return best[2] if best else None


def _band_point(band: Band, policy: Policy) -> float:
    if policy.band_point == "top":
        return band.high
    if policy.band_point == "bottom":
        return band.low
    return (band.low + band.high) / 2


def _same_text(a: Value, b: Value) -> bool:
    if not (a.text and b.text):
        return False
    return "".join(a.text.split()) == "".join(b.text.split())


def _qualitative(base: _Common, ind: Indicator, w: float, policy: Policy) -> LineScore:
    actual = ind.actual
    assert actual is not None
    if actual.number is not None and unit_dimension(actual.unit) == "percent" and ind.target.number is None:
        share = max(0.0, min(float(actual.number), 100.0))
        s = w * share / 100
        return LineScore(
            **base,
            kind="qualitative",
            score=s,
            low=s,
            high=s,
            met=share >= 100,
            formula=bi(
                f"定性指标按完成比例：{_n(w)} × {_n(share)}% = {_n(s)}",
                f"qualitative, by the share done: {_n(w)} × {_n(share)}% = {_n(s)}",
            ),
        )
    band = find_band(actual.text, policy)
    how = (
        bi(f"实际完成值含等级词“{band.grade}”", f"the actual value has the grade word “{band.grade}”")
        if band
        else bi("", "")
    )
    if band is None and _same_text(actual, ind.target):
        band = policy.bands[0]
        how = bi("实际完成值与指标值相同，视为达成", "the actual value equals the target: met")
    if band is None:
        return _unscored(
            base,
            "not-scorable",
            bi(
                f"无法计分：实际完成值“{actual.text}”既不是数值也不是等级词",
                f"not scorable: the actual value “{actual.text}” is neither a number nor a grade word",
            ),
        )
    point = _band_point(band, policy)
    s, lo, hi = w * point / 100, w * band.low / 100, w * band.high / 100
    top = band is policy.bands[0]
    return LineScore(
        **base,
        kind="qualitative",
        score=s,
        low=lo,
        high=hi,
        met=top,
        needs_reason=not top,
        formula=bi(
            f"定性指标，{how}，{band.label}（{_n(band.low)}–{_n(band.high)}%）："
            f"{_n(w)} × {_n(point)}% = {_n(s)}，可接受 {_n(lo)}–{_n(hi)}",
            f"qualitative, {in_lang(how, 'en')}, {band.label} ({_n(band.low)}–{_n(band.high)}%): "
            f"{_n(w)} × {_n(point)}% = {_n(s)}, acceptable {_n(lo)}–{_n(hi)}",
        ),
    )


def _negative(w: float, t: float, a: float, policy: Policy, label: str) -> tuple[float, Text]:
    if policy.negative == "linear":
        if t == 0:
            return 0.0, bi(
                f"{label}未达标，目标为 0：得 0", f"{in_lang(label, 'en')} not met, the target is 0: 0"
            )
        s = w * max(0.0, 1 - (a - t) / t)
        return s, bi(
            f"{label}未达标：{_n(w)} × (1 − ({_n(a)} − {_n(t)}) / {_n(t)}) = {_n(s)}",
            f"{in_lang(label, 'en')} not met: {_n(w)} × (1 − ({_n(a)} − {_n(t)}) / {_n(t)}) = {_n(s)}",
        )
    s = w * t / a if a else 0.0
    return s, bi(
        f"{label}未达标：{_n(w)} × {_n(t)} / {_n(a)} = {_n(s)}",
        f"{in_lang(label, 'en')} not met: {_n(w)} × {_n(t)} / {_n(a)} = {_n(s)}",
    )


def effective_op(op: str | None, direction: str | None = None) -> str:
    """The comparator a target is judged by: its own, "=" when it has none; an "=" target of
    an indicator printed 正向/反向 (``direction``) is judged as ≥ / ≤."""
    op = op or "="
    if op == "=" and direction in ("positive", "negative"):
        return "≥" if direction == "positive" else "≤"
    return op


def meets(op: str, target: float, actual: float) -> bool:
    """Whether ``actual`` meets ``target`` under ``op`` (:func:`effective_op`): ≥ / > met when
    A ≥ T, ≤ / < when A ≤ T, ± when |A| ≤ T, = when A = T."""
    if op in ("≥", ">"):
        return actual >= target
    if op in ("≤", "<"):
        return actual <= target
    if op == "±":
        return abs(actual) <= target
    return abs(actual - target) <= 1e-9 * max(1.0, abs(target))


def _unscored(base: _Common, kind: str, formula: str) -> LineScore:
    """A line that gets no score (``no-actual``, ``not-scorable``), with why."""
    return LineScore(**base, kind=kind, score=None, low=None, high=None, formula=formula)


def score_line(
    index: int, ind: Indicator, category: str | None, weight: float | None, weight_source: str, policy: Policy
) -> LineScore:
    """Score one indicator (rules in the module docstring)."""
    base = _Common(
        index=index,
        category=category,
        name=ind.name,
        weight=weight,
        weight_source=weight_source,
        target=ind.target.text,
        actual=ind.actual.text if ind.actual else None,
        printed_score=ind.score,
        reason_given=reason_given(ind.deviation),
    )
    if ind.actual is None or is_blank(ind.actual.text) and ind.actual.number is None:
        return _unscored(base, "no-actual", bi("未填实际完成值", "no actual value"))
    if weight is None:
        return _unscored(
            base,
            "not-scorable",
            bi(
                "无法计分：没有分值，且一级指标不在评分规则中",
                "not scorable: no weight, and the first-level indicator is not in the policy",
            ),
        )
    t_val, a_val = ind.target, ind.actual
    if t_val.number is None or a_val.number is None:
        return _qualitative(base, ind, weight, policy)
    t, a = float(t_val.number), float(a_val.number)
    a_unit = a_val.unit or t_val.unit
    note = ""
    if a_unit and t_val.unit and a_unit != t_val.unit:
        converted = convert(a, a_unit, t_val.unit)
        if converted is None:
            return _unscored(
                base,
                "not-scorable",
                bi(
                    f"无法计分：实际完成值单位“{a_unit}”与指标值单位“{t_val.unit}”不能换算",
                    f"not scorable: the actual value's unit “{a_unit}” does not convert to the target's “{t_val.unit}”",
                ),
            )
        note = f"（{_n(a)}{a_unit} = {_n(converted)}{t_val.unit}）"
        a = converted
    op = effective_op(t_val.op, ind.direction)
    deviation = (a - t) / t if t else (0.0 if a == t else None)
    far = False
    if op in ("≥", ">"):
        kind, met = "positive", meets(op, t, a)
        far = t > 0 and deviation is not None and deviation >= policy.far_exceeded - 1e-9
        if met:
            s, formula = (
                weight,
                bi(
                    f"正向指标达标（{_n(a)} ≥ {_n(t)}）：得满分 {_n(weight)}",
                    f"positive indicator met ({_n(a)} ≥ {_n(t)}): full {_n(weight)}",
                ),
            )
        else:
            s = weight * max(0.0, a) / t if t > 0 else 0.0
            formula = bi(
                f"正向指标未达标：{_n(weight)} × {_n(a)} / {_n(t)} = {_n(s)}",
                f"positive indicator not met: {_n(weight)} × {_n(a)} / {_n(t)} = {_n(s)}",
            )
    elif op in ("≤", "<"):
        kind, met = "negative", meets(op, t, a)
        if met:
            s, formula = (
                weight,
                bi(
                    f"反向指标达标（{_n(a)} ≤ {_n(t)}）：得满分 {_n(weight)}",
                    f"negative indicator met ({_n(a)} ≤ {_n(t)}): full {_n(weight)}",
                ),
            )
        else:
            s, formula = _negative(weight, t, a, policy, bi("反向指标", "negative indicator"))
    elif op == "±":
        kind, met = "tolerance", meets(op, t, a)
        deviation = None
        if met:
            s, formula = (
                weight,
                bi(
                    f"偏差在 ±{_n(t)} 以内：得满分 {_n(weight)}",
                    f"within ±{_n(t)}: full {_n(weight)}",
                ),
            )
        else:
            s, formula = _negative(weight, t, abs(a), policy, bi(f"偏差超出 ±{_n(t)}，", f"beyond ±{_n(t)},"))
    else:
        kind, met = "exact", meets(op, t, a)
        if met:
            s, formula = (
                weight,
                bi(
                    f"等于目标值（{_n(a)} = {_n(t)}）：得满分 {_n(weight)}",
                    f"equals the target ({_n(a)} = {_n(t)}): full {_n(weight)}",
                ),
            )
        elif policy.exact == "linear" and t:
            s = weight * max(0.0, 1 - abs(a - t) / t)
            formula = bi(
                f"定值指标未达标：{_n(weight)} × (1 − |{_n(a)} − {_n(t)}| / {_n(t)}) = {_n(s)}",
                f"exact target not met: {_n(weight)} × (1 − |{_n(a)} − {_n(t)}| / {_n(t)}) = {_n(s)}",
            )
        else:
            s = weight * min(a, t) / max(a, t) if max(a, t) > 0 and min(a, t) >= 0 else 0.0
            formula = bi(
                f"定值指标未达标：{_n(weight)} × {_n(min(a, t))} / {_n(max(a, t))} = {_n(s)}",
                f"exact target not met: {_n(weight)} × {_n(min(a, t))} / {_n(max(a, t))} = {_n(s)}",
            )
    s = max(0.0, min(s, weight))
    big = deviation is not None and abs(deviation) >= policy.deviation_threshold - 1e-9
    low = 0.0 if far else s
    if far:
        formula = join(
            [
                formula,
                bi(
                    f"超出目标 {_n(deviation * 100)}%，目标可能偏低，可酌情扣分",  # type: ignore[operator]
                    f"{_n(deviation * 100)}% over the target: it may have been set low; points may be taken off",  # type: ignore[operator]
                ),
            ]
        )
    return LineScore(
        **base,
        kind=kind,
        score=s,
        low=low,
        high=s,
        formula=bi(
            note + in_lang(formula, "zh"),
            note.replace("（", "(").replace("）", ") ") + in_lang(formula, "en"),
        ),
        met=met,
        deviation=deviation,
        needs_reason=(not met) or big,
        far_exceeded=far,
    )
