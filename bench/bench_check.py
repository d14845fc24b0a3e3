"""Benchmark: check one million indicators from generated tables; print indicators per second.

    python bench/bench_check.py [--indicators 1000000] [--distinct 5000] [--seed 1]

Tables are model objects built directly (no ingest).  ``--distinct`` tables are generated
with realistic rows — about one in ten with a fault a rule reports — and checked in turn
until the requested number of indicators has been checked.  Runs on one core; the target is
a million indicators in under 10 seconds.
"""

from __future__ import annotations

import argparse
import random
import time

from jixiao.model import Funds, Goals, Indicator, Project, Table
from jixiao.review import CheckConfig, check_table
from jixiao.values import parse_value

GOOD = [
    ("产出指标", "数量指标", "培训人次", "≥{n}人次"),
    ("产出指标", "数量指标", "采购设备数量", "{n}台"),
    ("产出指标", "数量指标", "维护系统数量", "≥{n}个"),
    ("产出指标", "质量指标", "验收合格率", "≥{p}%"),
    ("产出指标", "质量指标", "系统故障率", "≤{q}%"),
    ("产出指标", "时效指标", "按时完成率", "≥{p}%"),
    ("产出指标", "时效指标", "故障响应时间，实现{t}分钟内响应", "≤{t}分钟"),
    ("产出指标", "成本指标", "设备购置成本", "≤{m}万元"),
    ("产出指标", "成本指标", "人员经费", "≤{m}万元"),
    ("效益指标", "社会效益指标", "群众知晓率", "≥{p}%"),
    ("效益指标", "可持续影响指标", "系统持续运行率", "≥{p}%"),
    ("效益指标", "经济效益指标", "节约成本", "≥{m}万元"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥{s}%"),
]
FAULTY = [
    ("产出指标", "质量指标", "服务质量", "大幅提高"),
    ("产出指标", "时效指标", "故障响应时间，实现20分钟内响应", "≤30分钟"),
    ("产出指标", "时效指标", "完成时限", "及时"),
    ("效益指标", "社会效益指标", "改善工作环境", "提升改善"),
    ("产出指标", "质量指标", "验收合格率", "≥120%"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥70%"),
]


def make_table(rng: random.Random, serial: int) -> Table:
    budget = float(rng.randint(20, 2000))
    fiscal = budget if rng.random() > 0.05 else budget - 1
    inds = []
    rows = rng.sample(GOOD, rng.randint(8, 12))
    if rng.random() < 0.3:
        rows[rng.randrange(len(rows))] = rng.choice(FAULTY)
    for l1, l2, name, pattern in rows:
        text = pattern.format(
            n=rng.randint(1, 5000),
            p=rng.choice((85, 90, 95, 98, 100)),
            q=rng.randint(1, 10),
            t=rng.choice((20, 30, 60)),
            m=round(budget * rng.choice((0.05, 0.1, 0.15)), 2),
            s=rng.choice((85, 90, 95)),
        )
        inds.append(
            Indicator(
                level1=l1,
                level2=l2,
                category1=l1,
                category2=l2,
                name=name,
                description=name,
                target=parse_value(text),
            )
        )
    return Table(
        kind="project_target",
        title=f"项目{serial}绩效目标表",
        project=Project(name=f"项目{serial}"),
        money_unit="万元",
        funds=Funds(total=budget, fiscal=fiscal),
        indicators=inds,
        goals=Goals(annual=[f"完成项目{serial}的年度任务。"]),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--indicators", type=int, default=1_000_000)
    ap.add_argument("--distinct", type=int, default=5000, help="distinct generated tables, checked in turn")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tables = [make_table(rng, i) for i in range(args.distinct)]
    config = CheckConfig()
    check_table(tables[0], config)  # load the catalogue before timing
    done = findings = checked_tables = 0
    start, cpu = time.perf_counter(), time.process_time()
    while done < args.indicators:
        t = tables[checked_tables % len(tables)]
        findings += len(check_table(t, config, table_index=checked_tables))
        done += len(t.indicators)
        checked_tables += 1
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"{done:,} indicators in {checked_tables:,} tables, {findings:,} findings: "
        f"{elapsed:.2f} s wall, {cpu:.2f} s CPU; {done / cpu:,.0f} indicators/s on one core"
    )


if __name__ == "__main__":
    main()
