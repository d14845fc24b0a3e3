"""Review (审核): the rule catalogue and its runner.

Library API (the CLI ``jixiao check``, ``POST /api/v1/check`` and the web editor call these)::

    from jixiao.review import check_document, check_table, check_path, load_config
    report = check_document(doc, load_config("."))
    report.to_dict()          # jixiao.report/1
    report.findings[0].message("en")

Rules live in ``rules_structure`` and ``rules_indicators`` (JX1xx), ``rules_values``
(JX2xx), ``rules_money`` (JX3xx), ``rules_consistency`` and ``rules_agreement`` (JX4xx),
``rules_scoring`` and ``rules_selfeval`` (JX5xx), ``rules_ingest`` (JX901, JX902) and
``rules_reading`` (the readers' remarks, JX903, JX904, JX920–JX929); their word
lists are in ``wording``, the documents and quoted clauses in ``sources``.  See
:mod:`jixiao.review.catalogue` for how to add one.
"""

from __future__ import annotations

from ..errors import ConfigError
from .catalogue import Rule, add_rule_module, all_rules, get_rule, load_rules, rule
from .config import CheckConfig, config_from_mapping, load_config
from .findings import Finding
from .report import REPORT_SCHEMA, Report
from .runner import check_document, check_path, check_paths, check_table
from .summary import TableReview

load_rules()

__all__ = [
    "REPORT_SCHEMA",
    "CheckConfig",
    "ConfigError",
    "Finding",
    "Report",
    "Rule",
    "TableReview",
    "add_rule_module",
    "all_rules",
    "check_document",
    "check_path",
    "check_paths",
    "check_table",
    "config_from_mapping",
    "get_rule",
    "load_config",
    "load_rules",
    "rule",
]
