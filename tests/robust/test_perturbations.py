"""Tables nobody showed us: every corpus case.html printed the ways other units print the same table.

Each perturbation (perturb.py) rewrites a case's page — columns in another order, a header cell left
blank, headers in Traditional characters, spaced, numbered or with 必填 suffixes, money in 元, merged
cells unmerged or merged more, a 序号 or 备注 column, an allocation table first, blank rows and a
page-break header, the 2015 or the 2021 level set — and the expected Document by the same change.
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
}

# (perturbation, case) → why it is not read yet
KNOWN: dict[tuple[str, str], str] = {
    (
        "no_title",
        "38",
    ): "the title alone says 部门整体; without it the form (主管部门, no 项目名称) reads as a "
    "project self-evaluation",
}

# (perturbations applied in order, case) → why that combination is not read yet (each of them alone
# is): the combined test leaves these out, and test_known_combination_still_differs keeps them honest
KNOWN_COMBINED: dict[tuple[tuple[str, ...], str], str] = {
    (("target_before_name", "no_name_header"), "12"): "A2's 长期 | 年度 halves with the targets before "
    "the names and the 指标名称 header blank: read without a warning as 14 indicators for 7 (a silent "
    "misreading, to fix: the halves' blank-headed columns are not told apart)",
}


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


@pytest.mark.parametrize(
    ("chosen", "name"), list(KNOWN_COMBINED), ids=[f"{'+'.join(c)}-{n}" for c, n in KNOWN_COMBINED]
)
def test_known_combination_still_differs(chosen: tuple[str, ...], name: str) -> None:
    changed, used = _apply(case(name), list(chosen))
    assert used == list(chosen)
    assert differences(changed, read(changed)), f"{chosen} × {name} now reads: drop it from KNOWN_COMBINED"


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
