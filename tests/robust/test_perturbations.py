"""Tables nobody showed us: every corpus case.html printed the ways other units print the same table.

Each perturbation (perturb.py) rewrites a case's page — columns in another order, a header cell left
blank, headers in Traditional characters, spaced, numbered or with 必填 suffixes, money in 元, merged
cells unmerged or merged more, a 序号 or 备注 column, an allocation table first, blank rows and a
page-break header, the 2015 or the 2021 level set, notes under the grid, a header on two rows, no 一级
column, a name and its value in one cell, thousands separators — and the expected Document by the
same change.
The page must read to that Document, less the differences the golden test accepts for the case.

Where a person could not tell either, the reader must say so: :data:`UNSURE` names the warning it
gives and the test asserts it and a lowered confidence, not a guess.  :data:`KNOWN` lists what is
not read yet, with why; a known difference that no longer differs fails, so the list cannot
outlive its reason.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .harness import NAMES, case, differences, read
from .perturb import PERTURBATIONS, Case

# (perturbation, case) → (the warning code the reader gives, why a person could not tell either)
UNSURE: dict[tuple[str, str], tuple[str, str]] = {
    ("no_header_row", "15"): (
        "JX929",
        "no header, and the 一级 column holds 实施效果指标 (A1's central template): only its header says "
        "that column is the 一级; no indicators are read and the table is flagged",
    ),
    ("no_header_row", "36"): (
        "JX929",
        "no header and every 指标值 blank: nothing shows the rows are indicators with targets; flagged",
    ),
    ("no_header_row", "40"): (
        "JX929",
        "no header and the value column holds units only (公里, 万亩); flagged",
    ),
    ("no_target_header", "40"): (
        "JX922",
        "the blank-headed column holds units only (公里, 万亩: a template with no figures): values or a "
        "度量单位 column, nobody can say; the column is named as not read",
    ),
    ("no_title", "38"): (
        "JX929",
        "only the title said 部门整体: without it the form is read as one by what it holds (a 主管部门, "
        "no 项目名称 row), and the reader says the kind was decided so",
    ),
}

# UNSURE pairs whose Document is still right: the warning is a person's second look, not a guess
SAID_AND_READ = {("no_title", "38")}

# (perturbation, case) → why it is not read yet
KNOWN: dict[tuple[str, str], str] = {}

# (perturbations applied in order, case) → why that combination is not read yet (each of them alone
# is): the combined test leaves these out, and test_known_combination_still_differs keeps them honest
KNOWN_COMBINED: dict[tuple[tuple[str, ...], str], str] = {}


def _pairs() -> list[tuple[str, str]]:
    out = []
    for p, perturb in PERTURBATIONS.items():
        for name in NAMES:
            if perturb(case(name)) is not None:
                out.append((p, name))
    return out


PAIRS = _pairs()


@pytest.mark.parametrize(("perturbation", "name"), PAIRS, ids=[f"{p}-{n}" for p, n in PAIRS])
def test_perturbed_case_reads_to_its_changed_expected(perturbation: str, name: str) -> None:
    changed = PERTURBATIONS[perturbation](case(name))
    assert changed is not None
    doc = read(changed)
    diffs = differences(changed, doc)
    if (perturbation, name) in UNSURE:
        code, _ = UNSURE[perturbation, name]
        assert code in {w.code for w in doc.warnings}, [w.code for w in doc.warnings]
        assert doc.tables and all(t.confidence is not None and t.confidence < 0.9 for t in doc.tables)
        if (perturbation, name) in SAID_AND_READ:
            assert not diffs, "\n".join(map(str, diffs[:20]))
        return
    if (perturbation, name) in KNOWN:
        assert diffs, f"{perturbation} × {name} now reads: drop it from KNOWN"
        return
    assert not diffs, "\n".join(map(str, diffs[:20]))


def test_every_perturbation_applies_to_some_case() -> None:
    """A perturbation that finds nothing to change in any case tests nothing."""
    assert {p for p, _ in PAIRS} == set(PERTURBATIONS)
    assert len(PAIRS) >= 300


_BLANKS = {"no_target_header", "no_name_header"}
_SAFE = [p for p in PERTURBATIONS if p not in _BLANKS]


def _apply(c: Case, chosen: list[str]) -> tuple[Case, list[str]]:
    used = []
    for p in chosen:
        changed = PERTURBATIONS[p](c)
        if changed is not None:
            c, used = changed, [*used, p]
    return c, used


def test_known_combination_still_differs() -> None:
    for chosen, name in KNOWN_COMBINED:
        changed, used = _apply(case(name), list(chosen))
        assert used == list(chosen)
        assert differences(changed, read(changed)), (
            f"{chosen} × {name} now reads: drop it from KNOWN_COMBINED"
        )


# (perturbations in order, case) → the cause it found: every pair the offline sweep (sweep.py, every
# ordered pair over every case) found reading wrong with no warning, each fixed in the reader or,
# where the harness printed a page no unit prints, in perturb.py; kept here so CI reads them always
FOUND: dict[tuple[tuple[str, ...], str], str] = {
    (("target_before_name", "no_name_header"), "12"): "A2 halves: the 长期 half's blank-headed 三级 "
    "after its 指标值 (read as the 年度 half's names: 14 indicators for 7)",
    (("levels_last", "no_name_header"), "12"): "A2 halves: the blank-headed 三级 before the 指标值",
    (("no_target_header", "no_name_header"), "12"): "A2 halves: the 长期 half's 三级 and 指标值 both blank",
    (("no_target_header", "no_name_header"), "seed"): "一级 | 二级 over blank 三级 and 指标值 headers: "
    "a header still (its words were read as goals, the descriptions lost)",
    (("no_name_header", "no_target_header"), "28"): "… with only 一级 | 二级 named beside a side label",
    (("serial_column_first", "no_header_row"), "12"): "no header: a 序号 column (1, 2, 3 …) read as values",
    (("blank_below", "target_before_name"), "24"): "a template row's 指标2: under the 指标值 column read "
    "as an indicator",
    (("no_level1_column", "no_target_header"), "16"): "A6's 二级 over two columns and a blank 指标值 "
    "header with no 一级 column: a header still (read as rows with no header, the 解释 column lost)",
    (("levels_last", "name_and_value_in_one_cell"), "04"): "a name and a longer qualitative value in one "
    "cell (在项目计划完成时间内完成)",
    (("value_split", "thousands_in_values"), "16"): "harness: a figure separated in its own column, "
    "the joined value expected unseparated",
    (("spaced_headers", "money_in_wanyuan"), "03"): "harness: 预 算 数 figures left in 元",
    (("merged_more", "blank_below"), "03"): "harness: a 一级 merged across two projects of a flat grid",
    (("spaced_labels", "money_in_yuan"), "09"): "harness: a spaced ( 万 元 ) label left as it was",
    (("repeated_header", "split_at_page_break"), "seed"): "harness: cells spanning columns split below "
    "the break",
}


@pytest.mark.parametrize(("chosen", "name"), list(FOUND), ids=[f"{'+'.join(c)}-{n}" for c, n in FOUND])
def test_a_combination_that_found_a_cause_reads(chosen: tuple[str, ...], name: str) -> None:
    changed, used = _apply(case(name), list(chosen))
    assert used == list(chosen)
    diffs = differences(changed, read(changed))
    assert not diffs, "\n".join(map(str, diffs[:20]))


def test_a_header_printed_again_is_split_like_the_first() -> None:
    """value_split after repeated_header splits the header printed again too (the page a unit prints),
    and the targets put first do not change that: every case still reads."""
    for name in NAMES:
        changed, used = _apply(case(name), ["target_before_name", "repeated_header", "value_split"])
        if len(used) == 3:
            assert not differences(changed, read(changed)), name


def _known_combined(used: list[str], name: str) -> bool:
    return any(name == n and all(p in used for p in chosen) for chosen, n in KNOWN_COMBINED)


# derandomize: the same 40 combinations every run, so CI never turns on a draw; a combination it
# finds failing goes to KNOWN_COMBINED (or is fixed), never left to chance
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(NAMES),
    chosen=st.lists(st.sampled_from(_SAFE), min_size=2, max_size=3, unique=True),
    blank=st.sampled_from([None, *sorted(_BLANKS)]),
)
def test_perturbations_combined(name: str, chosen: list[str], blank: str | None) -> None:
    """Two or three perturbations at once (and at most one blank header): still the same Document."""
    if blank is not None:
        chosen = [*chosen, blank]
    changed, used = _apply(case(name), chosen)
    if any((p, name) in UNSURE or (p, name) in KNOWN for p in used) or _known_combined(used, name):
        return
    doc = read(changed)
    diffs = differences(changed, doc)
    if diffs and blank in used:  # a blank header with less evidence: said (the column not read, or
        # the table flagged for a person), not guessed
        said = {"JX922", "JX929"} & {w.code for w in doc.warnings}
        assert said, f"{used}:\n" + "\n".join(map(str, diffs[:20]))
        return
    assert not diffs, f"{used}:\n" + "\n".join(map(str, diffs[:20]))


# (perturbations in order, cases) → the page the last one printed, which no unit prints: the sweep
# found each (read wrong, no warning); the harness now leaves the page as it was
NOT_APPLIED: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {
    (("traditional_headers", "value_split"), ("01", "03", "20")): "指標性質 | 指標值 | 度量單位 split again "
    "(two 度量单位 columns)",
    (
        ("allocation_first", "money_in_yuan"),
        ("12", "24"),
    ): "only the allocation table's 金额（万元） changed, the form's own 万元 left",
    (
        ("traditional_headers", "framework_2021"),
        ("12",),
    ): "二級指標(長期) | 二級指標(年度) releveled as one grid",
    (("split_at_page_break", "no_level1_column"), ("04", "07", "20")): "the 一级 left out of one of the "
    "two tables only",
    (("value_split", "no_level1_column"), ("seed",)): "the 一级 left out of one of six tables only",
}


@pytest.mark.parametrize(("chosen", "names"), list(NOT_APPLIED), ids=["+".join(c) for c, _ in NOT_APPLIED])
def test_a_page_no_unit_prints_is_not_printed(chosen: tuple[str, ...], names: tuple[str, ...]) -> None:
    for name in names:
        assert _apply(case(name), list(chosen))[1] == list(chosen[:-1]), name
