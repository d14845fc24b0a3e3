"""Scoring policies: the shipped files load, and a bad file fails naming the file and the key."""

from __future__ import annotations

import dataclasses

import pytest

from jixiao.errors import PolicyError
from jixiao.scoring.policy import (
    UnknownPolicy,
    list_policies,
    load_policy,
    load_policy_file,
    local_policy,
    policy_from_toml,
)

NATIONAL_TEXT = open(load_policy("national").path, encoding="utf-8").read()


def test_shipped_policies():
    names = [p.name for p in list_policies()]
    assert {"national", "linear-80-50"} <= set(names)
    national, variant = load_policy("national"), load_policy("linear-80-50")
    assert national.weights.execution == 10 and dict(national.weights.levels) == {
        "产出指标": 50,
        "效益指标": 30,
        "满意度指标": 10,
    }
    assert national.negative == "inverse" and variant.negative == "linear"
    assert [(b.grade, b.low, b.high) for b in variant.bands] == [
        ("达成", 80, 100),
        ("部分达成", 50, 80),
        ("未达成", 0, 50),
    ]
    assert national.weights_cost_first is not None and national.weights_cost_first.level("成本指标") == 20


def test_policy_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        load_policy("national").negative = "linear"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '"满意度指标" = 10\nmissing_level',
            '"满意度指标" = 20\nmissing_level',
            "[weights] 权重合计应为 100，实际为 110",
        ),
        (
            '"满意度指标" = 10\nmissing_level',
            '"满意程度" = 10\nmissing_level',
            "[weights.满意程度] 未知的一级指标",
        ),
        ('negative = "inverse"', 'negative = "log"', "[formulas.negative] 应为 inverse/linear 之一"),
        ("low = 60\nhigh = 80", "low = 55\nhigh = 80", "[qualitative.bands] 分档"),
        ('"良" = 80', '"良" = 95', "[grades] 等级分数线应从高到低"),
        ("threshold = 0.30", 'threshold = "三成"', "[deviation.threshold] 应为数字"),
        ("[formulas]", "[formula]", "[formulas] 缺少该配置项"),
    ],
)
def test_invalid_policy_names_file_and_key(old, new, message):
    assert old in NATIONAL_TEXT
    with pytest.raises(PolicyError) as info:
        policy_from_toml(NATIONAL_TEXT.replace(old, new, 1), "天津.toml")
    assert str(info.value).startswith("天津.toml: ")
    assert message in str(info.value)


def test_toml_syntax_error():
    with pytest.raises(PolicyError, match="TOML 语法错误"):
        policy_from_toml("[policy\nname=", "bad.toml")


def test_unknown_policy_lists_known_ones():
    with pytest.raises(PolicyError, match="national"):
        load_policy("no-such-policy")


def test_locality_adds_a_file(tmp_path, monkeypatch):
    local = NATIONAL_TEXT.replace('name = "national"', 'name = "tianjin"').replace(
        'point = "top"', 'point = "middle"'
    )
    (tmp_path / "tianjin.toml").write_text(local, encoding="utf-8")
    monkeypatch.setenv("JIXIAO_POLICY_PATH", str(tmp_path))
    assert "tianjin" in [p.name for p in list_policies()]
    assert load_policy("tianjin").band_point == "middle"
    assert local_policy(str(tmp_path / "tianjin.toml")).name == "tianjin"  # the CLI's --policy FILE
    assert load_policy_file(tmp_path / "tianjin.toml").name == "tianjin"


def test_a_policy_is_chosen_by_name_never_by_path(tmp_path):
    """load_policy (what the API and the web call) reads no file a name points to, and every
    unknown name — a real file, a missing one, a relative path — gets the same message."""
    planted = tmp_path / "x.toml"
    planted.write_text(NATIONAL_TEXT.replace('name = "national"', 'name = "planted"'), encoding="utf-8")
    messages = set()
    for name in (str(planted), str(tmp_path / "missing.toml"), "../../etc/x.toml", "planted", "x"):
        with pytest.raises(UnknownPolicy) as info:
            load_policy(name)
        messages.add(str(info.value))
    assert len(messages) == 1
    (message,) = messages
    assert str(tmp_path) not in message and "national" in message and "linear-80-50" in message
    with pytest.raises(UnknownPolicy):
        local_policy(str(tmp_path / "missing.toml"))
    assert local_policy(str(planted)).name == "planted"  # a local user may name their own file
