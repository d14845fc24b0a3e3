"""Scoring policies (评分规则): TOML files loaded into frozen, self-validating objects.

A policy holds everything a self-evaluation score depends on that is not national law
fixed in stone: the weights (权重/分值) per 一级指标 and for 预算执行率, the formula for a
missed positive (正向), negative (反向) and exact (=) indicator, the qualitative bands
(定性分档), the grade thresholds (自评等级), the deviation threshold that requires a
偏差原因分析, the re-scoring tolerance and the monitoring (运行监控) warning settings.

The national default (财预〔2020〕10号) ships as ``policies/national.toml``; a variant
``policies/linear-80-50.toml`` scores negative indicators by 1 − (A−T)/T and uses the
80/50 qualitative bands.  A locality adds a file to a folder named by the environment
variable ``JIXIAO_POLICY_PATH`` (``os.pathsep``-separated); the policy's name is the file's
stem.  Policies are chosen by name only (:func:`load_policy`): the API and the web UI pass
on a name from the request, and a name never reaches the file system.  Only a local user's
command line may name a file (:func:`local_policy`, :func:`load_policy_file`).  The file
format is documented in ``national.toml`` itself.

Validation (raises :class:`~jixiao.errors.PolicyError` naming the file and the key):
weights sum to 100 with the execution weight; every level is a known 一级 category;
formulas are known names; bands lie in 0..100, do not overlap and cover 0..100; grade
thresholds descend and the last is 0.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import PolicyError
from ..text import bi, in_lang

LEVELS: tuple[str, ...] = ("成本指标", "产出指标", "效益指标", "满意度指标")
POSITIVE_FORMULAS = ("proportional",)
NEGATIVE_FORMULAS = ("inverse", "linear")
EXACT_FORMULAS = ("proportional", "linear")
BAND_POINTS = ("top", "middle", "bottom")
MISSING_LEVEL = ("redistribute", "forfeit")


@dataclass(frozen=True, slots=True)
class Weights:
    """权重: 预算执行率 and one weight per 一级 category; they sum to 100."""

    execution: float
    levels: tuple[tuple[str, float], ...]

    def level(self, category: str) -> float:
        return dict(self.levels).get(category, 0.0)


@dataclass(frozen=True, slots=True)
class Band:
    """One 定性分档: a grade word's share of the weight, ``low``..``high`` percent."""

    grade: str
    label: str
    low: float
    high: float
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MonitoringSettings:
    """运行监控预警 settings (财预〔2019〕136号 practice)."""

    lag_factor: float = 0.8
    red_factor: float = 0.5
    require_reason_for_unlikely: bool = True


@dataclass(frozen=True, slots=True)
class Policy:
    """A complete scoring policy; build with :func:`load_policy`."""

    name: str
    title: str
    title_en: str
    source: str
    path: str
    weights: Weights
    weights_cost_first: Weights | None
    missing_level: str
    positive: str
    negative: str
    exact: str
    band_point: str
    bands: tuple[Band, ...]
    grades: tuple[tuple[str, float], ...]
    deviation_threshold: float
    far_exceeded: float
    tolerance: float
    monitoring: MonitoringSettings

    def grade_for(self, total: float) -> str:
        """自评等级 for a total: the first grade whose threshold the total reaches."""
        for grade, low in self.grades:
            if total >= low - 1e-9:
                return grade
        return self.grades[-1][0]

    def band(self, grade: str) -> Band:
        for band in self.bands:
            if band.grade == grade:
                return band
        raise KeyError(grade)

    def summary(self) -> dict[str, Any]:
        """A plain dict for listings and JSON output."""
        return {
            "name": self.name,
            "title": self.title,
            "title_en": self.title_en,
            "source": self.source,
            "weights": {"预算执行率": self.weights.execution, **dict(self.weights.levels)},
            "missing_level": self.missing_level,
            "formulas": {"positive": self.positive, "negative": self.negative, "exact": self.exact},
            "bands": [{"grade": b.grade, "low": b.low, "high": b.high} for b in self.bands],
            "grades": dict(self.grades),
            "deviation_threshold": self.deviation_threshold,
            "far_exceeded": self.far_exceeded,
        }


# ---- loading ----------------------------------------------------------------


class UnknownPolicy(PolicyError):
    """A policy name that is not installed (未知的评分规则), or a path that is no policy file."""


class _Reader:
    """Typed access into the parsed TOML that raises PolicyError naming file and key."""

    def __init__(self, path: str, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    def fail(self, key: str, why: str) -> PolicyError:
        return PolicyError(bi(f"{self.path}: [{key}] {why}", f"{self.path}: [{key}] {in_lang(why, 'en')}"))

    def table(self, key: str, required: bool = True) -> dict[str, Any]:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                if required:
                    raise self.fail(key, bi("缺少该配置项", "missing setting"))
                return {}
            node = node[part]
        if not isinstance(node, dict):
            raise self.fail(key, bi("应为表", "must be a table"))
        return node

    def number(self, section: dict[str, Any], key: str, where: str, default: float | None = None) -> float:
        value = section.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(
                f"{where}.{key}", bi(f"应为数字，实际为 {value!r}", f"must be a number, not {value!r}")
            )
        return float(value)

    def text(self, section: dict[str, Any], key: str, where: str, choices: tuple[str, ...] = ()) -> str:
        value = section.get(key)
        if not isinstance(value, str) or not value:
            raise self.fail(
                f"{where}.{key}", bi(f"应为文本，实际为 {value!r}", f"must be text, not {value!r}")
            )
        if choices and value not in choices:
            raise self.fail(f"{where}.{key}", f"应为 {'/'.join(choices)} 之一，实际为 {value!r}")
        return value


def _weights(r: _Reader, section: dict[str, Any], where: str) -> Weights:
    execution = r.number(section, "execution", where)
    levels: list[tuple[str, float]] = []
    for key, value in section.items():
        if key in ("execution", "missing_level") or isinstance(value, dict):
            continue
        if key not in LEVELS:
            raise r.fail(
                f"{where}.{key}",
                bi(
                    f"未知的一级指标 {key!r}",
                    f"unknown first-level indicator {key!r}; known: {', '.join(LEVELS)}",
                ),
            )
        w = r.number(section, key, where)
        if w < 0:
            raise r.fail(f"{where}.{key}", bi("权重不能为负", "negative weight"))
        levels.append((key, w))
    total = execution + sum(w for _, w in levels)
    if abs(total - 100) > 1e-6:
        raise r.fail(
            where, bi(f"权重合计应为 100，实际为 {total:g}", f"the weights must add up to 100, not {total:g}")
        )
    return Weights(execution=execution, levels=tuple(levels))


def _bands(r: _Reader, raw: Any) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        raise r.fail("qualitative.bands", bi("至少需要一个分档", "at least one band"))
    bands: list[Band] = []
    for i, item in enumerate(raw):
        where = f"qualitative.bands[{i}]"
        if not isinstance(item, dict):
            raise r.fail(where, bi("应为表", "must be a table"))
        low, high = r.number(item, "low", where), r.number(item, "high", where)
        if not 0 <= low <= high <= 100:
            raise r.fail(where, f"分档应满足 0 ≤ low ≤ high ≤ 100，实际为 {low:g}–{high:g}")
        words = item.get("words", [])
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise r.fail(f"{where}.words", bi("应为文本列表", "must be a list of text"))
        grade = r.text(item, "grade", where)
        bands.append(Band(grade, str(item.get("label") or grade), low, high, tuple(words)))
    ordered = sorted(bands, key=lambda b: -b.high)
    if ordered[0].high != 100 or ordered[-1].low != 0:
        raise r.fail("qualitative.bands", bi("分档应覆盖 0–100", "bands must cover 0..100"))
    for upper, lower in zip(ordered, ordered[1:], strict=False):
        if abs(upper.low - lower.high) > 1e-9:
            raise r.fail(
                "qualitative.bands",
                bi(
                    f"分档 {upper.grade} 与 {lower.grade} 不相接",
                    f"bands {upper.grade} and {lower.grade} leave a gap or overlap",
                ),
            )
    return tuple(ordered)


def _grades(r: _Reader, section: dict[str, Any]) -> tuple[tuple[str, float], ...]:
    grades = [(k, r.number(section, k, "grades")) for k in section]
    if not grades:
        raise r.fail("grades", bi("至少需要一个等级", "at least one grade"))
    lows = [g[1] for g in grades]
    if lows != sorted(lows, reverse=True) or len(set(lows)) != len(lows):
        raise r.fail(
            "grades",
            bi("等级分数线应从高到低严格递减", "grade thresholds must fall strictly from the highest"),
        )
    if lows[-1] != 0:
        raise r.fail("grades", bi("最低等级的分数线应为 0", "the last threshold must be 0"))
    return tuple(grades)


def policy_from_toml(text: str, path: str = "<policy>") -> Policy:
    """Parse and validate a policy from TOML text; ``path`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(bi(f"{path}: TOML 语法错误: {exc}", f"{path}: TOML syntax error: {exc}")) from exc
    r = _Reader(path, data)
    meta = r.table("policy")
    weights_raw = r.table("weights")
    cost_raw = weights_raw.get("cost_first")
    formulas = r.table("formulas")
    qual = r.table("qualitative")
    deviation = r.table("deviation")
    rescore = r.table("rescore", required=False)
    mon = r.table("monitoring", required=False)
    threshold = r.number(deviation, "threshold", "deviation")
    far = r.number(deviation, "far_exceeded", "deviation")
    if not (0 < threshold <= 1 and 0 < far):
        raise r.fail("deviation", "threshold 应在 (0, 1]，far_exceeded 应大于 0")
    require = mon.get("require_reason_for_unlikely", True)
    if not isinstance(require, bool):
        raise r.fail("monitoring.require_reason_for_unlikely", "应为 true/false")
    return Policy(
        name=r.text(meta, "name", "policy"),
        title=r.text(meta, "title", "policy"),
        title_en=str(meta.get("title_en") or meta["title"]),
        source=r.text(meta, "source", "policy"),
        path=path,
        weights=_weights(r, weights_raw, "weights"),
        weights_cost_first=_weights(r, cost_raw, "weights.cost_first")
        if isinstance(cost_raw, dict)
        else None,
        missing_level=r.text(weights_raw, "missing_level", "weights", MISSING_LEVEL),
        positive=r.text(formulas, "positive", "formulas", POSITIVE_FORMULAS),
        negative=r.text(formulas, "negative", "formulas", NEGATIVE_FORMULAS),
        exact=r.text(formulas, "exact", "formulas", EXACT_FORMULAS),
        band_point=r.text(qual, "point", "qualitative", BAND_POINTS),
        bands=_bands(r, qual.get("bands")),
        grades=_grades(r, r.table("grades")),
        deviation_threshold=threshold,
        far_exceeded=far,
        tolerance=r.number(rescore, "tolerance", "rescore", 0.05),
        monitoring=MonitoringSettings(
            lag_factor=r.number(mon, "lag_factor", "monitoring", 0.8),
            red_factor=r.number(mon, "red_factor", "monitoring", 0.5),
            require_reason_for_unlikely=require,
        ),
    )


def _policy_files() -> dict[str, Path]:
    """name (file stem) → path: shipped policies, then JIXIAO_POLICY_PATH dirs (which win)."""
    found: dict[str, Path] = {}
    shipped = resources.files("jixiao.scoring") / "policies"
    for entry in sorted(shipped.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            found[entry.name[:-5]] = Path(str(entry))
    for folder in filter(None, os.environ.get("JIXIAO_POLICY_PATH", "").split(os.pathsep)):
        for file in sorted(Path(folder).glob("*.toml")):
            found[file.stem] = file
    return found


def policy_names() -> list[str]:
    """The names :func:`load_policy` accepts: the shipped policies and those of JIXIAO_POLICY_PATH."""
    return sorted(_policy_files())


def load_policy(name: str = "national") -> Policy:
    """A policy by its NAME (``national``, ``linear-80-50``, a locality's file stem in a
    JIXIAO_POLICY_PATH folder) — never by path, so a name from a request cannot make the
    server read a file of its choosing.  Raises :class:`UnknownPolicy` for any other name,
    with one message that names the known policies and nothing of the file system."""
    path = _policy_files().get(name)
    if path is None:
        raise UnknownPolicy(
            bi(
                f"未知的评分规则；可选：{'、'.join(policy_names())}",
                f"unknown policy; known: {', '.join(policy_names())}",
            )
        )
    return _read_policy(path, f"{name}.toml")


def load_policy_file(path: str | Path) -> Policy:
    """A policy from a ``.toml`` file given by path: for a local user's own files (the CLI's
    ``--policy FILE``), never for a name that came over the network."""
    file = Path(path)
    if file.suffix != ".toml" or not file.is_file():
        raise UnknownPolicy(bi(f"{file}: 不是评分规则文件", f"{file}: not a scoring policy file (.toml)"))
    return _read_policy(file, str(file))


def local_policy(name_or_path: str) -> Policy:
    """:func:`load_policy` for a known name, else :func:`load_policy_file`: what a person types
    on their own machine (``jixiao score --policy``)."""
    if name_or_path in _policy_files() or not name_or_path.endswith(".toml"):
        return load_policy(name_or_path)
    return load_policy_file(name_or_path)


def _read_policy(path: Path, label: str) -> Policy:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(
            bi(f"{label}: 无法读取: {type(exc).__name__}", f"{label}: cannot read: {type(exc).__name__}")
        ) from exc
    return replace(policy_from_toml(text, label), path=str(path))  # errors name the label only


def list_policies() -> list[Policy]:
    """Every policy available: shipped and from ``JIXIAO_POLICY_PATH``."""
    return [load_policy(name) for name in policy_names()]
