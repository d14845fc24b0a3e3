"""The rule catalogue (规则目录): one small :class:`Rule` object per check.

A rule is data plus one function.  The data — stable code, kebab-case name,
default severity, message templates (zh/en), rationale, example, fix, source
document and the confidence DOMAIN.md gives it, and the 审核 dimension it belongs
to — is what ``jixiao rules`` prints and what docs/rules/ is generated from.

Adding a rule is one decorated function in one of the ``rules_*`` modules::

    from .catalogue import rule

    @rule("JX2xx", "my-problem", "warning", dimension="相关性", scope="indicator",
          message="指标值「{value}」……", message_en="Value {value!r} …",
          rationale="…", example="…", fix="…", source="财预〔2015〕88号", confidence="national")
    def my_problem(ind, c1, c2, ctx):
        return {"value": ind.target.text} if … else None

Where a clause of a source document has been read, the rule quotes it:
``citations=(Citation(quote, document, url, note),)`` (see ``review/sources.py``); the rule
page marks every ground it does not quote as recalled.  ``reference=True`` marks a rule that
compares with the project's earlier years and its peers (``ctx.reference``, a
:class:`~jixiao.review.reference.Reference` the caller hands in): it runs only when one is
given.  ``defaults={"arg": "…"}`` gives a
message argument added later a value for findings stored before it existed.

Scopes and the check function's signature:

- ``indicator``: ``check(ind, c1, c2, ctx) -> dict | list[dict] | None`` — called per
  indicator; ``c1``/``c2`` are the indicator's standard 一级/二级 categories (or None);
  return the message arguments when the rule fires.  ``applies(c1, c2, quantitative)``
  (optional) lets the runner skip the rule for whole classes of indicators.
- ``table``: ``check(table, ctx) -> iterable of (indicator_index | None, args)``.
  ``kinds=("project_selfeval", …)`` (optional) runs the rule only on tables of those kinds
  (and indicator rules only on indicators of such tables).
- ``document``: ``check(document, ctx) -> iterable of (table_index | None, args)``.

Other modules (e.g. ``review/rules_scoring.py``, JX5xx) register rules the same
way; :func:`load_rules` imports every module listed in :data:`RULE_MODULES` that
exists, plus any module named in the ``JIXIAO_RULE_MODULES`` environment variable
(comma-separated) or registered with :func:`add_rule_module`.  Codes are never reused.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
DIMENSIONS: tuple[str, ...] = ("完整性", "相关性", "适当性", "可行性")
DIMENSIONS_EN: dict[str, str] = {
    "完整性": "completeness",
    "相关性": "relevance",
    "适当性": "appropriateness",
    "可行性": "feasibility",
}
SCOPES: tuple[str, ...] = ("indicator", "table", "document")
CONFIDENCES: tuple[str, ...] = ("national", "practice", "recalled")

_CODE_RE = re.compile(r"^JX\d{3}$")
_NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

# Modules holding rules, imported by load_rules() when present.
RULE_MODULES: list[str] = [
    "jixiao.review.rules_structure",
    "jixiao.review.rules_indicators",
    "jixiao.review.rules_values",
    "jixiao.review.rules_money",
    "jixiao.review.rules_consistency",
    "jixiao.review.rules_agreement",
    "jixiao.review.rules_ingest",
    "jixiao.review.rules_reading",
    "jixiao.review.rules_scoring",  # JX5xx, owned by the scoring module; optional
    "jixiao.review.rules_selfeval",
    "jixiao.review.rules_reference",  # JX6xx: history and peers
]


@dataclass(frozen=True, slots=True)
class Citation:
    """A clause quoted as we read it (原文摘录): the words, which document and clause, where
    we read them, and a note on how far the copy can be trusted.  Only what was actually
    read is quoted; a rule's other grounds are recalled and its page says so."""

    quote: str
    document: str
    url: str
    note: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"quote": self.quote, "document": self.document, "url": self.url, "note": self.note}


@dataclass(frozen=True, slots=True)
class Rule:
    """One check of the catalogue.  See the module docstring."""

    code: str
    name: str
    severity: str
    dimension: str
    scope: str
    message: str  # zh template over named args
    message_en: str
    title: str  # one line, zh
    title_en: str
    rationale: str
    example: str
    fix: str
    source: str
    confidence: str
    check: Callable[..., Any] = field(compare=False, repr=False)
    applies: Callable[[str | None, str | None, bool], bool] | None = field(
        default=None, compare=False, repr=False
    )
    default_enabled: bool = True  # quotas are off until configured
    kinds: tuple[str, ...] | None = None  # table kinds the rule applies to (None: all)
    module: str = ""
    citations: tuple[Citation, ...] = ()  # clauses quoted as read; none: the grounds are recalled
    # message arguments a finding stored before the argument existed renders with
    defaults: tuple[tuple[str, str], ...] = ()
    # needs the table's earlier years and peers (ctx.reference); runs only when they are given
    reference: bool = False

    def template(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message

    def to_dict(self) -> dict[str, Any]:
        """The rule's documentation as JSON (``jixiao rules --format json``, the API)."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "dimension": self.dimension,
            "scope": self.scope,
            "title": self.title,
            "title_en": self.title_en,
            "message": self.message,
            "message_en": self.message_en,
            "rationale": self.rationale,
            "example": self.example,
            "fix": self.fix,
            "source": self.source,
            "confidence": self.confidence,
            "citations": [c.to_dict() for c in self.citations],
        }


# Codes that existed once and must never be given to another rule.
RETIRED: dict[str, str] = {
    "JX304": "execution-rate-mismatch — replaced by JX509 printed-execution-rate-mismatch",
    "JX900": "ingest-warning — ingest remarks get a JX9xx rule of their own",
}

_RULES: dict[str, Rule] = {}
_BY_NAME: dict[str, Rule] = {}
_EXTRA_MODULES: list[str] = []
_loaded = False


def rule(
    code: str,
    name: str,
    severity: str,
    *,
    dimension: str,
    scope: str,
    message: str,
    message_en: str,
    title: str,
    title_en: str,
    rationale: str,
    example: str,
    fix: str,
    source: str,
    confidence: str,
    applies: Callable[[str | None, str | None, bool], bool] | None = None,
    default_enabled: bool = True,
    kinds: tuple[str, ...] | None = None,
    citations: tuple[Citation, ...] = (),
    defaults: dict[str, str] | None = None,
    reference: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the check of a new rule (see module docstring)."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        register(
            Rule(
                code=code,
                name=name,
                severity=severity,
                dimension=dimension,
                scope=scope,
                message=message,
                message_en=message_en,
                title=title,
                title_en=title_en,
                rationale=rationale,
                example=example,
                fix=fix,
                source=source,
                confidence=confidence,
                check=fn,
                applies=applies,
                default_enabled=default_enabled,
                kinds=tuple(kinds) if kinds is not None else None,
                module=fn.__module__,
                citations=tuple(citations),
                defaults=tuple((defaults or {}).items()),
                reference=reference,
            )
        )
        return fn

    return deco


def register(r: Rule) -> None:
    """Add one rule to the catalogue; a clash of code or name is a programming error."""
    problems = []
    if not _CODE_RE.match(r.code):
        problems.append(f"code {r.code!r} is not JXnnn")
    if not _NAME_RE.match(r.name):
        problems.append(f"name {r.name!r} is not kebab-case")
    if r.severity not in SEVERITIES:
        problems.append(f"severity {r.severity!r} not in {SEVERITIES}")
    if r.dimension not in DIMENSIONS:
        problems.append(f"dimension {r.dimension!r} not in {DIMENSIONS}")
    if r.scope not in SCOPES:
        problems.append(f"scope {r.scope!r} not in {SCOPES}")
    if r.confidence not in CONFIDENCES:
        problems.append(f"confidence {r.confidence!r} not in {CONFIDENCES}")
    if r.code in RETIRED:
        problems.append(f"code {r.code} is retired ({RETIRED[r.code]}); codes are never reused")
    old = _RULES.get(r.code)
    if old is not None and old.module != r.module:
        problems.append(f"code {r.code} already used by {old.name}")
    old = _BY_NAME.get(r.name)
    if old is not None and old.code != r.code:
        problems.append(f"name {r.name} already used by {old.code}")
    if problems:
        raise ValueError(f"invalid rule {r.code} {r.name}: " + "; ".join(problems))
    _RULES[r.code] = r
    _BY_NAME[r.name] = r


def add_rule_module(module: str) -> None:
    """Hook: make :func:`load_rules` import ``module`` (which registers rules on import)."""
    if module not in _EXTRA_MODULES:
        _EXTRA_MODULES.append(module)
    if _loaded:
        importlib.import_module(module)


def load_rules() -> None:
    """Import every rule module (idempotent).  Missing optional modules are skipped."""
    global _loaded
    env = [m.strip() for m in os.environ.get("JIXIAO_RULE_MODULES", "").split(",") if m.strip()]
    for module in [*RULE_MODULES, *_EXTRA_MODULES, *env]:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:  # the module exists but one of its imports is missing
                raise
    _loaded = True


def all_rules() -> list[Rule]:
    """Every registered rule, by code."""
    if not _loaded:
        load_rules()
    return [_RULES[c] for c in sorted(_RULES)]


def get_rule(code_or_name: str) -> Rule | None:
    """A rule by code (``JX201``, case-insensitive) or by name (``target-not-quantified``)."""
    if not _loaded:
        load_rules()
    key = code_or_name.strip()
    return _RULES.get(key.upper()) or _BY_NAME.get(key.lower())
