"""The rules that compare with earlier years and peers (JX6xx) fire on their fixtures with the
context in a real store, and stay quiet on the passing ones — on SQLite and on PostgreSQL.

Each ``tests/review/fixtures/JX60x/`` holds ``context/*.md`` (earlier years of the project, or
peer projects of other units: imported first, as a user would) and ``fires.md`` /
``passes.md``, the 2025 target checked against that store the way an import, a save or the
editor's live check does (:func:`jixiao.actions.check_tables` with the store).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao import actions
from jixiao.ingest import ingest_file
from jixiao.review import all_rules
from jixiao.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "review" / "fixtures"
RULES = [r for r in all_rules() if r.reference]


def test_the_reference_rules_are_the_four_of_the_issue() -> None:
    assert [(r.code, r.name, r.severity) for r in RULES] == [
        ("JX601", "target-below-last-actual", "warning"),
        ("JX602", "target-stale", "warning"),
        ("JX603", "target-outlier", "warning"),
        ("JX604", "missing-common-indicator", "info"),
    ]


def _store_with_context(db_url: str, code: str) -> Store:
    store = Store(db_url)
    for path in sorted((FIXTURES / code / "context").glob("*.md")):
        result = actions.import_paths(store, None, [path])[0]
        assert result.status == "imported", result.error
    return store


def _findings(store: Store, path: Path) -> list:
    table = ingest_file(path).tables[0]
    return actions.check_tables([table], store=store, user=None).findings


@pytest.mark.parametrize("code", [r.code for r in RULES])
def test_fires_with_its_context_and_passes(db_url: str, code: str) -> None:
    store = _store_with_context(db_url, code)
    try:
        fired = [f for f in _findings(store, FIXTURES / code / "fires.md") if f.code == code]
        assert fired, f"{code} does not fire on fires.md with its context"
        for f in fired:
            for lang in ("zh", "en"):
                assert "?" not in f.message(lang).replace("？", ""), f.message(lang)
        assert code not in [f.code for f in _findings(store, FIXTURES / code / "passes.md")]
    finally:
        store.close()


def _only(store: Store, code: str) -> list:
    return [f for f in _findings(store, FIXTURES / code / "fires.md") if f.code == code]


def test_evidence_of_the_earlier_year(db_url: str) -> None:
    """JX601 says which year and what it reached; a filer of the unit sees the same."""
    store = _store_with_context(db_url, "JX601")
    try:
        found = {f.args["name"]: f for f in _only(store, "JX601")}
        # 2024 reached 420 本, 3600 人次 and 97%; 2025 asks ≥350 本, ≥3000 人次, ≥95%
        assert sorted(found) == ["服务外国人来华人次", "服务对象满意度", "颁发公务签证数量"]
        assert found["颁发公务签证数量"].message() == (
            "「颁发公务签证数量」的目标 ≥350本 低于本项目 2024 年的实际完成值 420本（2024 年目标 ≥300本）"
        )
        assert found["颁发公务签证数量"].message("en") == (
            "'颁发公务签证数量': the target ≥350本 is below what the project reached in 2024: 420本 "
            "(its 2024 target was ≥300本)"
        )
    finally:
        store.close()


def test_evidence_of_three_years(db_url: str) -> None:
    store = _store_with_context(db_url, "JX602")
    try:
        (f,) = _only(store, "JX602")
        assert f.message() == (
            "「颁发公务签证数量」的目标连续三年都是 ≥300本，而 2023 年实际完成 400本、2024 年实际完成 420本，都超过了目标"
        )
    finally:
        store.close()


def test_evidence_of_the_peers_is_aggregates(db_url: str) -> None:
    store = _store_with_context(db_url, "JX603")
    try:
        (f,) = _only(store, "JX603")
        assert f.message() == (
            "「服务对象满意度」的目标 ≥60% 远低于同类指标：8 个项目（8 个单位）以%计的目标中位数 95，"
            "四分位 91.5–95.25（同类指标「服务对象满意度」）"
        )
        (g,) = _only(store, "JX604")
        assert g.message() == "同类项目 8 个中有 8 个（100%）设有成本指标，本表没有"
    finally:
        store.close()
