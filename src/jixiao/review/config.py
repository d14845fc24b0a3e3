"""Check settings (检查配置): thresholds, quotas and rule selection.

One source of truth: :class:`CheckConfig` holds every setting with its default;
:func:`load_config` reads overrides from ``jixiao.toml`` (top level, or a
``[tool.jixiao]`` table) or from ``[tool.jixiao]`` in ``pyproject.toml``, found in
``start_dir`` or the nearest parent.  Example::

    [tool.jixiao]
    select = ["JX"]              # code prefixes to run (default: all)
    ignore = ["JX305"]           # code prefixes to skip
    satisfaction-min = 80        # 满意度 below this (%) is suspicious
    money-tolerance = 0.01       # rounding allowed when money is added up
    min-indicators = 6           # quota, off by default
    min-quantified-share = 0.6   # quota (0..1), off by default
    vague-words = ["提升", "明显"]  # replaces the default list
    scoring-policy = "national"  # policy of the JX5xx re-scoring rules
    [tool.jixiao.severity]       # per-rule severity override, by code or name
    JX204 = "error"

An unknown key or a value of the wrong type is a :class:`~jixiao.errors.ConfigError`
naming the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..text import bi, in_lang

DEFAULT_VAGUE_WORDS: tuple[str, ...] = (
    "提升",
    "提高",
    "明显",
    "显著",
    "大幅",
    "较好",
    "良好",
    "有效",
    "进一步",
    "促进",
    "改善",
    "圆满",
    "及时",
    "稳步",
    "持续",
    "不断",
    "加强",
    "增强",
    "完善",
    "积极",
    "巩固",
)


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Every setting of ``jixiao check``; the defaults are the national/practice defaults."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    satisfaction_min: float = 80.0
    money_tolerance: float = 0.01
    min_indicators: int | None = None
    min_quantified_share: float | None = None
    vague_words: tuple[str, ...] = DEFAULT_VAGUE_WORDS
    # review-summary grading: warnings in one dimension up to which it is still 良
    grade_warnings_good: int = 2
    # errors in one dimension from which it is 差
    grade_errors_poor: int = 2
    # scoring policy for the JX5xx re-scoring rules (a policy name or a TOML file)
    scoring_policy: str | None = None
    source: str | None = None  # the file the settings came from

    def with_selection(self, select: list[str] | None = None, ignore: list[str] | None = None) -> CheckConfig:
        """A copy with CLI ``--select`` / ``--ignore`` prefixes (``--select`` replaces, ``--ignore`` adds)."""
        return replace(
            self,
            select=tuple(p.upper() for p in select) if select else self.select,
            ignore=self.ignore + tuple(p.upper() for p in (ignore or [])),
        )

    def enabled(self, code: str) -> bool:
        """Is the rule ``code`` selected?  Longest matching prefix wins (as in ruff)."""
        sel = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        ign = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        if self.select and sel < 0:
            return False
        return not ign > sel

    def severity_of(self, code: str, name: str, default: str) -> str:
        """The severity of a rule after ``[tool.jixiao.severity]`` overrides."""
        return self.severity.get(code) or self.severity.get(name) or default


_KEYS = {f.name.replace("_", "-"): f.name for f in fields(CheckConfig) if f.name != "source"}


def _coerce(name: str, value: Any, where: str) -> Any:
    def bad(expected: str) -> ConfigError:
        return ConfigError(
            bi(
                f"{where}: 设置 {name} 应为{expected}，实际为 {value!r}",
                f"{where}: setting {name} should be {in_lang(expected, 'en')}, not {value!r}",
            )
        )

    key = _KEYS[name]
    if key in ("select", "ignore", "vague_words"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise bad(bi("字符串列表", "list of strings"))
        return tuple(v.upper() for v in value) if key != "vague_words" else tuple(value)
    if key == "scoring_policy":
        if not isinstance(value, str) or not value:
            raise bad(bi("策略名称或文件路径", "a policy name or file"))
        return value
    if key == "severity":
        if not isinstance(value, dict) or not all(v in ("error", "warning", "info") for v in value.values()):
            raise bad('表：规则代码或名称 = "error"|"warning"|"info"')
        return {str(k): str(v) for k, v in value.items()}
    if key in ("min_indicators", "grade_warnings_good", "grade_errors_poor"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise bad(bi("非负整数", "non-negative integer"))
        return value
    if key == "min_quantified_share":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise bad(bi("0 到 1 之间的数", "a share 0..1"))
        return float(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise bad(bi("非负数", "non-negative number"))
    return float(value)


def config_from_mapping(data: dict[str, Any], where: str = "<config>") -> CheckConfig:
    """Build a CheckConfig from a ``[tool.jixiao]`` mapping.  Raises ConfigError."""
    kwargs: dict[str, Any] = {}
    for name, value in data.items():
        if name not in _KEYS:
            known = "、".join(sorted(_KEYS))
            raise ConfigError(
                bi(f"{where}: 未知设置 {name!r}", f"{where}: unknown setting {name!r}; known: {known}")
            )
        kwargs[_KEYS[name]] = _coerce(name, value, where)
    return CheckConfig(**kwargs, source=where)


def find_config_file(start_dir: str | Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest jixiao.toml, or pyproject.toml with ``[tool.jixiao]``, and its settings."""
    here = Path(start_dir).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        for name in ("jixiao.toml", "pyproject.toml"):
            path = folder / name
            if not path.is_file():
                continue
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(
                    bi(f"{path}: 不是有效的 TOML: {exc}", f"{path}: not valid TOML: {exc}")
                ) from exc
            section = data.get("tool", {}).get("jixiao")
            if name == "jixiao.toml":
                if section is None:
                    section = {k: v for k, v in data.items() if k != "tool"}
                return path, section
            if section is not None:
                if not isinstance(section, dict):
                    raise ConfigError(
                        bi(f"{path}: [tool.jixiao] 应为表", f"{path}: [tool.jixiao] should be a table")
                    )
                return path, section
    return None


def load_config(start_dir: str | Path = ".") -> CheckConfig:
    """Settings from the nearest jixiao.toml / pyproject.toml, else the defaults."""
    found = find_config_file(start_dir)
    if found is None:
        return CheckConfig()
    path, section = found
    return config_from_mapping(section, str(path))
