"""The rule catalogue: every rule complete, fixtures where it fires and where it does not, docs fresh."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from jixiao.review import all_rules, check_path, get_rule, load_config
from jixiao.review.catalogue import DIMENSIONS, RETIRED, SEVERITIES, Rule, register
from jixiao.review.render import rule_docs

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"
RULES = all_rules()
REQUIRED_NAMES = (
    "invalid-level1 invalid-level-pair mixed-frameworks missing-output-indicators missing-outcome-indicators "
    "missing-satisfaction-indicators empty-indicator duplicate-indicator target-unparsable missing-unit "
    "percent-out-of-range target-not-quantified cost-wrong-direction satisfaction-too-low budget-sum-mismatch "
    "cost-exceeds-budget costs-exceed-budget value-contradicts-text unit-mismatches-category "
    "too-few-indicators too-few-quantified"
).split()
PREFIX = {
    "JX1": "结构",
    "JX2": "values",
    "JX3": "money",
    "JX4": "consistency",
    "JX5": "scoring",
    "JX6": "reference",
    "JX9": "ingest",
}


def test_issue_names_exist_with_codes_in_their_family() -> None:
    families = {
        "JX1": {
            "invalid-level1",
            "invalid-level-pair",
            "mixed-frameworks",
            "missing-output-indicators",
            "missing-outcome-indicators",
            "missing-satisfaction-indicators",
            "empty-indicator",
            "duplicate-indicator",
            "too-few-indicators",
        },
        "JX2": {
            "target-unparsable",
            "missing-unit",
            "percent-out-of-range",
            "target-not-quantified",
            "cost-wrong-direction",
            "satisfaction-too-low",
            "too-few-quantified",
        },
        "JX3": {"budget-sum-mismatch", "cost-exceeds-budget", "costs-exceed-budget"},
        "JX4": {"value-contradicts-text", "unit-mismatches-category"},
    }
    for name in REQUIRED_NAMES:
        r = get_rule(name)
        assert r is not None, f"rule {name} missing"
        family = next(f for f, names in families.items() if name in names)
        assert r.code.startswith(family), f"{name} is {r.code}, expected {family}xx"
        assert get_rule(r.code.lower()) is r


@pytest.mark.parametrize("r", RULES, ids=[r.code for r in RULES])
def test_rule_is_complete(r: Rule) -> None:
    assert re.fullmatch(r"JX\d{3}", r.code)
    assert r.code[:3] in PREFIX
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", r.name)
    assert r.severity in SEVERITIES and r.dimension in DIMENSIONS
    for section in ("message", "message_en", "title", "title_en", "rationale", "example", "fix", "source"):
        assert getattr(r, section).strip(), f"{r.code} has no {section}"
    assert re.search(r"[\u4e00-\u9fff]", r.message), f"{r.code}: the message must be in Chinese"
    # the zh and en templates use the same named fields
    fields_zh = set(re.findall(r"\{(\w+)", r.message))
    fields_en = set(re.findall(r"\{(\w+)", r.message_en))
    assert {f.removesuffix("_en") for f in fields_en} <= fields_zh | {
        f.removesuffix("_en") for f in fields_zh
    }


def test_codes_and_names_are_unique_and_never_reused() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
    clash = Rule(
        code=RULES[0].code,
        name="some-new-rule",
        severity="info",
        dimension="完整性",
        scope="table",
        message="x",
        message_en="x",
        title="x",
        title_en="x",
        rationale="x",
        example="x",
        fix="x",
        source="x",
        confidence="practice",
        check=lambda t, c: (),
        module="elsewhere",
    )
    with pytest.raises(ValueError, match="already used"):
        register(clash)
    with pytest.raises(ValueError, match="retired"):
        register(replace(clash, code="JX304", name="another-new-rule"))
    assert not {r.code for r in RULES} & set(RETIRED)


def _codes(path: Path) -> tuple[list[str], list]:
    report = check_path(path, load_config(path.parent))
    return [f.code for f in report.findings], report.findings


def _fixture(folder: Path, kind: str) -> Path | None:
    """``fires.md`` — or ``fires.<ext>`` of any format ingest reads, for a remark no Markdown can
    give (copied text ``.txt``, a scan ``.png``)."""
    found = sorted(folder.glob(f"{kind}.*"))
    return found[0] if len(found) == 1 else None


@pytest.mark.parametrize("r", RULES, ids=[r.code for r in RULES])
def test_rule_fires_on_its_fixture_and_not_on_the_other(r: Rule) -> None:
    folder = FIXTURES / r.code
    fires, passes = _fixture(folder, "fires"), _fixture(folder, "passes")
    assert fires is not None and passes is not None, (
        f"{r.code} {r.name} needs tests/review/fixtures/{r.code}/fires.md and passes.md (or one fires.<ext>, passes.<ext>)"
    )
    fired, findings = _codes(fires)
    if r.reference:
        # it compares with earlier years and peers: quiet without them (a file checked on its
        # own); tests/library/test_rule_fixtures.py fires it with fixtures/<CODE>/context in a store
        assert r.code not in fired and (folder / "context").is_dir()
        assert r.code not in _codes(passes)[0]
        return
    assert r.code in fired, f"{r.code} does not fire on {fires.name} (found {fired})"
    for f in findings:
        for lang in ("zh", "en"):
            text = f.message(lang)
            assert text and "?" not in text.replace("？", ""), f"{f.code} {lang}: unfilled field in {text!r}"
    passed, _ = _codes(passes)
    assert r.code not in passed, f"{r.code} fires on {passes.name}"


def test_docs_rules_are_generated_from_the_catalogue() -> None:
    """docs/rules/ is stale when this fails: run `python -m jixiao.review.render docs/rules`."""
    pages = rule_docs()
    present = {p.name for p in DOCS.glob("*.md")} if DOCS.is_dir() else set()
    assert present == set(pages), (
        f"docs/rules pages differ: missing {set(pages) - present}, extra {present - set(pages)}"
    )
    for name, text in pages.items():
        assert (DOCS / name).read_text(encoding="utf-8") == text, f"docs/rules/{name} is stale"


def test_another_module_adds_a_rule_with_one_decorated_function(tmp_path: Path) -> None:
    """The hook other modules use (JIXIAO_RULE_MODULES / add_rule_module); run apart from this process."""
    import os
    import subprocess
    import sys

    (tmp_path / "extra_rules.py").write_text(
        "from jixiao.review.catalogue import rule\n"
        "@rule('JX199', 'title-missing', 'info', dimension='完整性', scope='table', message='表格没有标题',\n"
        "      message_en='The table has no title', title='没有标题', title_en='No title', rationale='r',\n"
        "      example='e', fix='f', source='s', confidence='practice')\n"
        "def title_missing(table, ctx):\n"
        "    if not table.title:\n"
        "        yield None, {}\n",
        encoding="utf-8",
    )
    code = (
        "from jixiao.review import CheckConfig, check_table, get_rule\n"
        "from jixiao.model import Table\n"
        "print(get_rule('title-missing').code, [f.message('en') for f in check_table(Table(), CheckConfig(select=('JX1',)))])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "JIXIAO_RULE_MODULES": "extra_rules"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "JX199 ['The table has no performance indicators', 'The table has no title']"
