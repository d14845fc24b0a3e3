"""Self-evaluation scoring (绩效自评计分, 财预〔2020〕10号) under policies that are data.

::

    from jixiao.scoring import load_policy, score_table, document_differences
    card = score_table(selfeval_table, load_policy("national"))   # lines, levels, total, grade
    diffs = document_differences(doc, "linear-80-50")              # printed vs recomputed

The re-scoring report of a whole file (``jixiao.rescore/1``, what ``jixiao score`` prints)
is :func:`jixiao.actions.score_document`.

Modules: :mod:`.policy` (TOML policies → frozen objects), :mod:`.weights` (which weight
applies), :mod:`.lines` (one indicator's formula), :mod:`.scorer` (the card),
:mod:`.rescore` (printed-vs-recomputed differences, JX5xx), :mod:`.excel` (actuals by Excel).
"""

from .policy import (
    Policy,
    UnknownPolicy,
    list_policies,
    load_policy,
    load_policy_file,
    local_policy,
    policy_from_toml,
    policy_names,
)
from .rescore import Difference, document_differences, table_differences
from .scorer import ScoreCard, score_table, with_actuals

__all__ = [
    "Difference",
    "Policy",
    "ScoreCard",
    "UnknownPolicy",
    "document_differences",
    "list_policies",
    "load_policy",
    "load_policy_file",
    "local_policy",
    "policy_from_toml",
    "policy_names",
    "score_table",
    "table_differences",
    "with_actuals",
]
