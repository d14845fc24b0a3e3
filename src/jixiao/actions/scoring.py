"""计分: score a self-evaluation under a policy, with the re-scoring findings (JX5xx).

:func:`score_table` is the one function behind ``jixiao score`` (through
:func:`score_document`), ``POST /api/v1/score``, the stored score endpoints and the web's
score page and live score.
"""

from __future__ import annotations

from typing import Any

from ..model import Document, Table
from ..review.rules_scoring import findings_of
from ..scoring.policy import Policy, list_policies, load_policy
from ..scoring.rescore import SELFEVAL_KINDS, table_differences
from ..scoring.scorer import score_table as _score_card

RESCORE_SCHEMA = "jixiao.rescore/1"


def policy_of(policy: Policy | str) -> Policy:
    """A policy object from a name (PolicyError naming it when unknown)."""
    return load_policy(policy) if isinstance(policy, str) else policy


def policies() -> list[Policy]:
    """The scoring policies: the shipped ones and those in ``JIXIAO_POLICY_PATH``."""
    return list_policies()


def score_table(
    table: Table, policy: Policy | str = "national", lang: str = "zh", *, index: int | None = None
) -> dict[str, Any]:
    """计分: ``{policy, score, findings, differences}`` — the card (every line with its
    formula), and for a 自评表 the printed figures that differ from the recomputed ones."""
    pol = policy_of(policy)
    card = _score_card(table, pol)
    diffs = table_differences(table, pol, index, card) if table.kind in SELFEVAL_KINDS else []
    differences = []
    findings = []
    for d in diffs:
        for f in findings_of([d]):  # a difference with a rule: its code and message
            shown = f.to_dict(lang)
            findings.append(shown)
            differences.append({**d.to_dict(), **{k: shown[k] for k in ("code", "severity", "message")}})
    return {
        "policy": pol.summary(),
        "score": card.to_dict(),
        "findings": findings,
        "differences": differences,
    }


def score_document(doc: Document, policy: Policy | str = "national", lang: str = "zh") -> dict[str, Any]:
    """复核 every 自评表 of a Document (``jixiao.rescore/1``): its printed and recomputed
    figures, each difference with its rule code and message."""
    pol = policy_of(policy)
    tables = []
    for ti, table in enumerate(doc.tables):
        if table.kind not in SELFEVAL_KINDS:
            continue
        scored = score_table(table, pol, lang, index=ti)
        tables.append(
            {
                "table": ti,
                "title": table.title,
                "project": table.project.name if table.project else None,
                "printed": {
                    "execution_score": table.funds.score,
                    "total": table.total_score,
                    "grade": table.grade,
                },
                "score": scored["score"],
                "differences": scored["differences"],
            }
        )
    return {"schema": RESCORE_SCHEMA, "source": doc.source.name, "policy": pol.name, "tables": tables}
