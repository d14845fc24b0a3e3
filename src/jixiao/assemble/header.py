"""The header block (表头): label/value pairs → Draft fields.

A header row holds labels and their values side by side (项目名称 | X | 主管部门 | Y), a label and
its value in one cell (``项目名称：X``), or labels over their values on the next row (A2 Dongguan:
中期市财政预算(万元) | 本年度申请市财政预算资金(万元) / 600 | 200).  Section labels
(预算规模及资金用途, 年度预算安排, 收入构成 …) group rows, and text under a section with no label
of its own is the purpose (资金用途) or the goals (绩效目标).  Labels are matched after
:func:`~.vocabulary.label_key` against HEADER_KEYS; some only inside a section (SECTION_KEYS).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..values import is_blank, normalize_text, parse_amount
from .content import NUMBER, VALUE, cell_kind
from .draft import Draft
from .fields import money_unit_of, split_money_unit
from .meaning import could_be_label, header_key, meaning
from .rows import Row
from .vocabulary import (
    DEPARTMENT_LABELS,
    HEADER_KEYS,
    SECTION_KEYS,
    SECTIONS,
    fiscal_part,
    label_key,
    unnumbered,
)


def take_pairs(d: Draft, row: Row) -> str | None:
    """Label/value pairs of one header row into the draft; returns the assembler's next mode, if it changes."""
    mode: str | None = None
    texts: list[str] = []
    merged: set[int] | None = None  # the texts of cells merged down from the row above (read there)
    cells = row.cells
    for col, fresh in row.heads:  # (the distinct cells: every header row is read, none needs distinct())
        unit, parts = _cell_parts(cells[col].text)  # type: ignore[union-attr]  # (a head is never empty)
        if unit and d.money_unit is None:
            d.money_unit = unit
        if not fresh and parts:
            merged = merged or set()
            merged.update(range(len(texts), len(texts) + len(parts)))
        texts.extend(parts)
    section_here = False
    free: list[str] = []
    i = 0
    while i < len(texts):
        text = texts[i]
        key, section, field = _label(text)
        if key in DEPARTMENT_LABELS:
            d.dept_labels = True  # (evidence of a 部门整体 form, draft.department)
        if section is None and field is None and names_amount(text):
            section = "budget"  # 投入目标(万元), 项目资金申请(万元): a label over the money rows
        if section:
            d.section = section
            section_here = True
            mode = "skip" if section == "skip" else ("end" if section == "end" else "header")
            unit = money_unit_of(text)
            if unit and d.money_unit is None:
                d.money_unit = unit
            i += 1
            continue
        if field is None and d.section is not None:
            field = SECTION_KEYS.get((d.section, key))  # (field_in, its field_of already known)
        if field:
            unit = money_unit_of(text)
            if unit and d.money_unit is None and field in _MONEY_FIELDS:
                d.money_unit = unit
            value = None
            if i + 1 < len(texts):
                after = texts[i + 1]
                nkey = label_key(after)
                if (
                    field in _MONEY_FIELDS
                    and parse_amount(after) is None
                    and could_be_label(header_key(after).text)
                ):
                    i += 1  # 当年金额 | 近两年收支金额 | 占比: column headers over amounts, not a label and its value
                    continue
                if not field_in(nkey, d.section) and nkey not in SECTIONS:
                    value = after
                    i += 1
            d.set_field(field, value)
            i += 1
            if field == "goals" and value is not None and d.selfeval_funds and i < len(texts):
                # 年度总体目标 | 预期目标 | 实际完成情况 printed without its sub-header (a self-evaluation):
                # the second text is what was achieved
                after = texts[i]
                if not field_in(label_key(after), d.section) and label_key(after) not in SECTIONS:
                    d.set_field("outcome", after)
                    i += 1
            continue
        i += 1
        if merged is not None and i - 1 in merged:
            continue  # a cell merged down from the row above: read there already
        if i < len(texts) and _label(texts[i])[2] is not None:
            continue  # a group label before a field label (年度总体目标 | 年初设定目标 | …)
        free.append(text)
    if not free or row.paragraph or (not section_here and d.section is None):
        return mode
    if d.section == "budget" and len(free) == 1 and not cell_kind(free[0]) & (NUMBER | VALUE):  # no amount
        if d.purpose is None and not names_amount(free[0]):
            d.purpose = normalize_text(free[0])
    elif d.section == "goals":
        for text in free:
            d.add_goals("annual", text)
    return mode


def names_amount(text: str) -> bool:
    """A short label that carries a money unit (``地方资金(万元)``): it names an amount, it is no prose."""
    return money_unit_of(text) is not None and could_be_label(header_key(text).text)


@lru_cache(maxsize=1 << 14)
def _cell_parts(text: str) -> tuple[str | None, tuple[str, ...]]:
    """A header cell → (the money unit of a trailing ``单位：万元`` clause, the texts it gives:
    label and value when both are in it), nothing for a blank (cached: every header cell)."""
    if is_blank(text):
        return None, ()
    text, unit = split_money_unit(text)  # 填报单位：某局    单位：万元
    return unit, _split_pair(text)


@lru_cache(maxsize=1 << 14)
def _label(text: str) -> tuple[str, str | None, str | None]:
    """A header text → (its label key, the section it names, if any, and the field it names
    outside a section, :func:`field_of`) (cached)."""
    key = label_key(text)
    section = SECTIONS.get(key) or SECTIONS.get(key.split("(")[0]) or meaning("section", key).role
    return key, section, field_of(key)


_COLON = re.compile(r"[:：]")


def split_inline_pairs(texts: list[str]) -> list[str]:
    """``项目名称：某项目`` / ``其中：财政资金：35`` in one cell (or one paragraph) → the label and the value.

    The label ends at the first colon after which the text before it is a known key (at most
    20 characters in), so a colon inside the label (``其中：``) or the value is kept.
    """
    out: list[str] = []
    for text in texts:
        out.extend(_split_pair(text))
    return out


@lru_cache(maxsize=1 << 14)
def _split_pair(text: str) -> tuple[str, ...]:
    """One text of :func:`split_inline_pairs`: (label, value), or (text,) (cached: every header cell)."""
    for m in _COLON.finditer(text, 0, 24):
        label, value = text[: m.start()].strip(), text[m.end() :].strip()
        if len(label) >= 2 and value and field_of(label_key(label)) and money_unit_of(text) != value:
            return label, value
    return (text,)


@lru_cache(maxsize=1 << 14)
def field_of(key: str) -> str | None:
    """The field a label key names, if any: the vocabulary's, else by meaning (``资金名称``,
    ``区级林业主管部门``, ``实施第位``: meaning.py) (cached: asked of every header cell, often twice)."""
    found = HEADER_KEYS.get(key) or keyed_with_unit(key) or fiscal_part(key)
    if found is None and (bare := unnumbered(key)) != key:
        return field_of(bare)  # 一、项目名称, 2.主管部门
    return found or meaning("field", key).role


def field_in(key: str, section: str | None) -> str | None:
    """The field of a label, where some labels only mean a field inside a section:
    ``其他`` under 资金总额及构成 (A8), ``合计`` under 收入构成 (B1)."""
    field = field_of(key)
    if field is None and section is not None:
        field = SECTION_KEYS.get((section, key))
    return field


_PARTY_FIELDS = {"project", "unit", "department"}
_MONEY_FIELDS = {
    "total",
    "total_current",
    "period_total",
    "fiscal",
    "fiscal_any",
    "other",
    "other_any",
    "carryover",
}


def keyed_with_unit(key: str) -> str | None:
    """A key printed with a unit or a trailing note: ``资金总额(万元)``, ``项目名称(盖章)``."""
    base, paren, rest = key.partition("(")
    if paren and rest.endswith(")") and "(" not in rest and base in HEADER_KEYS:
        return HEADER_KEYS[base]
    return None


def is_label(text: str) -> bool:
    key = label_key(text)
    return key in HEADER_KEYS or key in SECTIONS


def label_row_fields(row: Row, section: str | None) -> dict[int, str]:
    """A row of field labels and nothing else (two or more, or one alone): column → field of the
    labels whose values may be on the next row (中期市财政预算(万元) | 本年度申请… over 600 | 200)."""
    if row.paragraph:  # a label alone on its line (a sheet's one-cell rows are paragraphs): 主管部门 ⏎ X
        field = field_of(label_key(row.texts()[0])) if row.texts() else None
        return {0: field} if field in _PARTY_FIELDS else {}
    fields: dict[int, str] = {}
    labels = 0
    cells = row.cells
    for col, _ in row.heads:  # (the row's labels(), read as they are needed)
        text = cells[col].text  # type: ignore[union-attr]  # (a head is never empty)
        if is_blank(text):
            continue
        key, section_label, field = _label(text)
        labels += 1
        if field is None and section is not None:
            field = SECTION_KEYS.get((section, key))  # (field_in, its field_of already known)
        if field:
            fields[col] = field
        elif not section_label:
            return {}  # a value among the labels (most header rows: 项目名称 | X), seen at once
    return fields if len(fields) >= 2 or (fields and labels == 1) else {}


def take_below(d: Draft, row: Row, below: dict[int, str]) -> bool:
    """The values row under a label row: each value under its label; False when the row is not that."""
    texts = split_inline_pairs(row.texts())
    if any(field_in(label_key(t), d.section) or label_key(t) in SECTIONS for t in texts):
        return False
    values = {col: row.text(col) for col in below if not is_blank(row.text(col))}
    if not values or any(col not in below for col, c, _ in row.distinct() if not is_blank(c.text)):
        return False  # values only under the labels, or this is not the labels' value row
    for col, value in values.items():
        d.set_field(below[col], value)
    return True
