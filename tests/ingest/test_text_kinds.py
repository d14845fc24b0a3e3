"""kinds.text_kinds: the assembler asks a row's funds/goals/cost/grid detectors only when a
cell's kinds say it could answer, so each bit must be set wherever its detector could match."""

from __future__ import annotations

from jixiao.assemble.kinds import (
    COST_HEAD,
    COST_LABEL,
    FUNDS_HEAD,
    GOAL_HEAD,
    GRID_HEAD,
    funds_column,
    goal_role,
    spelled_kinds,
    text_kinds,
)
from jixiao.assemble.meaning import lexicon
from jixiao.assemble.vocabulary import FUNDS_COLUMNS, GOAL_COLUMNS, label_key
from jixiao.script import changeable


def test_every_detector_label_sets_its_bit() -> None:
    for text in FUNDS_COLUMNS:
        if funds_column(text) is not None:
            assert text_kinds(text) & FUNDS_HEAD, text
    for text in GOAL_COLUMNS:
        if goal_role(label_key(text)) is not None:
            assert text_kinds(text) & GOAL_HEAD, text
    for text in ("一级指标", "二 级 指 标", "三级指标名称", "指标内容", "具体指标"):
        assert text_kinds(text) & GRID_HEAD, text
    assert text_kinds(COST_LABEL) & COST_HEAD
    assert text_kinds(f" {COST_LABEL}：") & COST_HEAD


def test_plain_texts_set_no_bit() -> None:
    for text in ("", "项目名称", "市外办履职保障经费", "≥95%", "51.00", "产出指标"):
        assert text_kinds(text) == 0, text


def test_an_ascii_text_heads_nothing_without_being_worked_out() -> None:
    """text_kinds answers 0 for an ASCII text at once: what makes that right is that every spelling
    the bits are found by holds a Chinese character (else a phrase like ``KPI`` would head a
    column) and that folding adds none (OpenCC changes no ASCII character).  The full work agrees."""
    spellings = [*lexicon().tags, *FUNDS_COLUMNS, *GOAL_COLUMNS, COST_LABEL]
    assert [s for s in spellings if s.isascii()] == []
    assert [c for c in changeable() if c.isascii()] == []
    for text in ("51.00", "1,585.00", "2024-01-01", "No.", "KPI", " 1. ", "(1)", "100%", "A-1: x", ""):
        assert text_kinds(text) == 0 == spelled_kinds(text), text
