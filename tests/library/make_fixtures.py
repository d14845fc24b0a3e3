"""Write tests/review/fixtures/JX60x/ — the rules that compare with earlier years and peers.

The .md files are the fixtures (read them); this script only saves typing:
``python tests/library/make_fixtures.py``.  Every table is the seed's third table
(天津市因公出入境服务工作经费, tests/corpus/seed/expected.json) with its values changed:

- ``context/*.md``: what the store holds before the check — the project's self-evaluations
  of earlier years (JX601, JX602), or the same project in eight other units (JX603, JX604);
- ``fires.md`` / ``passes.md``: the 2025 target checked against that context.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "review" / "fixtures"
SEED = json.loads((ROOT / "corpus" / "seed" / "expected.json").read_text(encoding="utf-8"))["tables"][2]
PROJECT = SEED["project"]["name"]
UNIT = ("302101", "天津市人民政府外事办公室")
ROWS = [(i["level1"], i["level2"], i["name"], i["target"]["text"]) for i in SEED["indicators"]]
# what the project reached in a year where it met every target exactly
MET = {
    "专职人员数量": "19人",
    "颁发公务签证数量": "300本",
    "服务外国人来华人次": "3000人次",
    "提升我市对外交流水平": "达成年度指标",
    "办理因公签证服务质量": "98%",
    "资金付款及时率": "90%",
    "因公签证颁发及时率": "95%",
    "不超过预算金额": "50万元",
    "服务质量不断提升": "达成年度指标",
    "服务对象满意度": "95%",
}
DISTRICTS = ["和平区", "河东区", "河西区", "南开区", "河北区", "红桥区", "东丽区", "西青区"]


def target_md(
    year: int,
    targets: dict[str, str] | None = None,
    *,
    unit: tuple[str, str] = UNIT,
    project: str = PROJECT,
    drop: tuple[str, ...] = (),
) -> str:
    """A 项目支出绩效目标表 in the seed's Tianjin layout."""
    targets = targets or {}
    out = [f"1.{project}绩效目标表", "", f"（{year}年度）", "", f"{unit[0]}{unit[1]}", "", "单位：万元", ""]
    out += [
        f"| 项目名称 | {project} | | |",
        "|---|---|---|---|",
        "| 预算规模及资金用途 | 预算数 | 50.00 | |",
        "| ^ | 其中：财政资金 | 50.00 | |",
        "| ^ | 其他资金 | | |",
        "| ^ | 用于因公出入境证照办理、签证服务和外国人来华服务。 | | |",
        "| 绩效目标 | 1.做好因公出入境服务工作，提升服务质量。 | | |",
        "",
        "| 一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 |",
        "|---|---|---|---|---|",
    ]
    prev = None
    for level1, level2, name, value in ROWS:
        if name in drop:
            continue
        first = "^" if level1 == prev else level1
        prev = level1
        out.append(f"| {first} | {level2} | {name} | {name} | {targets.get(name, value)} |")
    return "\n".join(out) + "\n"


def selfeval_md(year: int, targets: dict[str, str], actuals: dict[str, str]) -> str:
    """A 项目支出绩效自评表 of the project for ``year``."""
    out = [
        "项目支出绩效自评表",
        "",
        f"（{year}年度）",
        "",
        f"| 项目名称 | {PROJECT} | | | | | |",
        "|---|---|---|---|---|---|---|",
        f"| 主管部门 | 302-{UNIT[1]} | 实施单位 | {UNIT[0]}-{UNIT[1]} | | | |",
        "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| 年度资金总额 | 50 | 50 | 50 | 10 | 100% | 10 |",
        "| 其中：当年财政拨款 | 50 | 50 | 50 | | | |",
        "| 上年结转资金 | | | | | | |",
        "| 其他资金 | | | | | | |",
        "| 年度总体目标 | 预期目标 | | | 实际完成情况 | | |",
        "| ^ | 做好因公出入境服务工作。 | | | 已完成。 | | |",
        "",
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    weights = {"产出指标": 6, "效益指标": 30, "满意度指标": 10}
    prev = None
    for level1, level2, name, value in ROWS:
        first = "^" if level1 == prev else level1
        prev = level1
        w = weights[level1]
        t = targets.get(name, value)
        a = actuals.get(name, MET[name])
        out.append(f"| {first} | {level2} | {name} | {t} | {a} | {w} | {w} |  |")
    return "\n".join(out) + "\n"


def peers_md() -> str:
    """The same project in eight districts, their satisfaction targets 90–98%."""
    satisfaction = ["≥90%", "≥92%", "≥95%", "≥95%", "≥95%", "≥96%", "≥98%", "≥90%"]
    docs = []
    for i, (district, s) in enumerate(zip(DISTRICTS, satisfaction, strict=True)):
        unit = (f"3022{i + 1:02d}", f"天津市{district}人民政府外事办公室")
        docs.append(
            target_md(2025, {"服务对象满意度": s}, unit=unit, project=f"{district}因公出入境服务工作经费")
        )
    return "\n".join(docs)


FIXTURES: dict[str, dict[str, str]] = {
    # 2024: 420 本 issued against ≥300; 2025 sets ≥350 (fires) or ≥420 with every other line at
    # least what 2024 reached (passes).
    "JX601": {
        "context/2024-selfeval.md": selfeval_md(
            2024, {}, {"颁发公务签证数量": "420本", "服务外国人来华人次": "3600人次", "服务对象满意度": "97%"}
        ),
        "fires.md": target_md(2025, {"颁发公务签证数量": "≥350本"}),
        "passes.md": target_md(
            2025, {"颁发公务签证数量": "≥420本", "服务外国人来华人次": "≥3600人次", "服务对象满意度": "≥97%"}
        ),
    },
    # ≥300 本 in 2023 and 2024, reached 400 and 420; 2025 keeps ≥300 (fires) or raises it (passes).
    "JX602": {
        "context/2023-selfeval.md": selfeval_md(2023, {}, {"颁发公务签证数量": "400本"}),
        "context/2024-selfeval.md": selfeval_md(2024, {}, {"颁发公务签证数量": "420本"}),
        "fires.md": target_md(2025, {"颁发公务签证数量": "≥300本"}),
        "passes.md": target_md(2025, {"颁发公务签证数量": "≥430本"}),
    },
    # eight districts set 90–98% satisfaction; ≥60% is far below them, ≥95% is not.
    "JX603": {
        "context/peers.md": peers_md(),
        "fires.md": target_md(2025, {"服务对象满意度": "≥60%"}),
        "passes.md": target_md(2025),
    },
    # all eight districts carry a 成本指标; the checked table drops its own (fires) or keeps it.
    "JX604": {
        "context/peers.md": peers_md(),
        "fires.md": target_md(2025, drop=("不超过预算金额",)),
        "passes.md": target_md(2025),
    },
}


def main() -> None:
    for code, files in FIXTURES.items():
        for name, text in files.items():
            path = OUT / code / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(path.relative_to(ROOT.parent))


if __name__ == "__main__":
    main()
