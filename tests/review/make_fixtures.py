"""Write tests/review/fixtures/<CODE>/{fires,passes}.md from the variations below.

The .md files are the fixtures (read them); this script only saves typing when adding one:
``python tests/review/make_fixtures.py JX2xx``.  A rule with a threshold gets a jixiao.toml.
"""

import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")

BASE_ROWS = [
    ("产出指标", "数量指标", "完成任务数量", "完成任务数量", "≥10个"),
    ("产出指标", "质量指标", "验收合格率", "验收合格率", "≥95%"),
    ("产出指标", "时效指标", "按时完成率", "按时完成率", "≥90%"),
    ("产出指标", "成本指标", "不超过预算资金", "不超过预算资金", "≤50万元"),
    ("效益指标", "社会效益指标", "服务覆盖率", "服务覆盖率", "≥90%"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "服务对象满意度", "≥90%"),
]


def doc(
    rows=None,
    total="50.00",
    fiscal="50.00",
    other="",
    goal="1.做好测试工作。",
    name="测试项目",
    header=None,
    grid=True,
    title=None,
    cols=None,
):
    rows = BASE_ROWS if rows is None else rows
    title = title or f"{name}绩效目标表"
    out = [f"1.{title}", "", "302101天津市某单位", "", "单位：万元", ""]
    out += [
        f"| 项目名称 | {name} | | |",
        "|---|---|---|---|",
        f"| 预算规模及资金用途 | 预算数 | {total} | |",
        f"| ^ | 其中：财政资金 | {fiscal} | |",
        f"| ^ | 其他资金 | {other} | |",
        "| ^ | 做好测试工作。 | | |",
        f"| 绩效目标 | {goal} | | |",
        "",
    ]
    if grid:
        cols = cols or ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值"]
        out.append("| " + " | ".join(cols) + " |")
        out.append("|" + "---|" * len(cols))
        prev = None
        for r in rows:
            cells = list(r)
            if cells[0] == prev:
                cells[0] = "^"
            else:
                prev = cells[0]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def replace(i, row):
    rows = list(BASE_ROWS)
    rows[i] = row
    return rows


def value(i, v):
    r = BASE_ROWS[i]
    return replace(i, (r[0], r[1], r[2], r[3], v))


FIX = {}


def fx(code, fires, passes, toml=None):
    FIX[code] = (fires, passes, toml)


fx(
    "JX101",
    doc(replace(0, ("工作指标", "数量指标", "完成任务数量", "完成任务数量", "≥10个"))),
    doc(replace(0, ("预期产出指标", "数量指标", "完成任务数量", "完成任务数量", "≥10个"))),
)
fx(
    "JX102",
    doc(BASE_ROWS[:3] + [("产出指标", "社会效益指标", "群众知晓率", "群众知晓率", "≥90%")] + BASE_ROWS[3:]),
    doc(),
)
fx(
    "JX103",
    doc(BASE_ROWS + [("成本指标", "经济成本指标", "运维成本", "运维成本", "≤20万元")]),
    doc(BASE_ROWS[:3] + [("成本指标", "经济成本指标", "运维成本", "运维成本", "≤20万元")] + BASE_ROWS[4:]),
)
fx("JX104", doc(BASE_ROWS[4:]), doc())
fx("JX105", doc(BASE_ROWS[:4] + BASE_ROWS[5:]), doc())
fx("JX106", doc(BASE_ROWS[:5]), doc())
fx("JX107", doc(value(1, "")), doc())
fx(
    "JX108",
    doc(BASE_ROWS[:2] + [("产出指标", "时效指标", "验收合格率", "按期验收合格率", "≥95%")] + BASE_ROWS[2:]),
    doc(BASE_ROWS[:2] + [("产出指标", "时效指标", "按期验收率", "按期验收率", "≥95%")] + BASE_ROWS[2:]),
)
fx("JX109", doc(grid=False), doc())
fx("JX110", doc(replace(0, ("产出指标", "工作指标", "完成任务数量", "完成任务数量", "≥10个"))), doc())
fx(
    "JX111",
    doc(),
    doc(BASE_ROWS + [("产出指标", "数量指标", "培训人次", "培训人次", "≥100人次")]),
    "min-indicators = 7\n",
)
fx("JX112", doc(BASE_ROWS[:3] + BASE_ROWS[4:]), doc())
fx("JX113", doc(total="", fiscal=""), doc())
fx("JX114", doc(goal=""), doc())
fx(
    "JX115",
    doc(replace(1, ("产出指标", "质量指标", "资金使用合规性", "资金使用合规性", "100%"))),
    doc(replace(1, ("产出指标", "质量指标", "设备验收合格率", "设备验收合格率", "100%"))),
)
fx(
    "JX116",
    doc(replace(4, ("效益指标", "社会效益指标", "受益群众满意度", "受益群众满意度", "≥90%"))),
    doc(),
)
UNIT_COST_ROWS = [
    *BASE_ROWS[:3],
    ("产出指标", "数量指标", "采购设备数量", "采购设备数量", "10台"),
    ("产出指标", "成本指标", "设备单价", "设备单价", "≤8万元/台"),
    *BASE_ROWS[4:],
]
fx("JX201", doc(value(0, "完成2项工作任务")), doc(UNIT_COST_ROWS, total="80.00", fiscal="80.00"))
fx("JX202", doc(value(0, "≥10")), doc())
fx("JX203", doc(value(1, "≥120%")), doc(value(1, "100%")))
fx(
    "JX204",
    doc(
        BASE_ROWS[:1]
        + [("产出指标", "质量指标", "服务质量", "服务质量", "良好")]
        + BASE_ROWS[2:4]
        + [("效益指标", "社会效益指标", "对外交流水平", "对外交流水平", "大幅提高"), BASE_ROWS[5]]
    ),
    doc(
        BASE_ROWS[:1]
        + [("产出指标", "质量指标", "服务质量", "按优、良、中、差四档评价", "良好"), BASE_ROWS[2]]
        + [
            ("成本指标", "经济成本指标", "设备购置成本", "设备购置成本", "≤50万元"),
            ("成本指标", "社会成本指标", "对周边群众的影响", "施工对周边群众的影响", "无明显负面影响"),
        ]
        + BASE_ROWS[4:]
    ),
)
fx("JX205", doc(value(3, "≥50万元")), doc(value(3, "=50万元")))
fx("JX206", doc(value(5, "≥70%")), doc(value(5, "≥80%")))
fx("JX207", doc(value(5, "满意")), doc(value(5, "≥90%")))
fx(
    "JX208",
    doc(
        replace(1, ("产出指标", "质量指标", "验收情况", "验收情况", "符合国家标准"))[:4]
        + [("效益指标", "社会效益指标", "服务覆盖情况", "服务覆盖情况", "达成预期指标"), BASE_ROWS[5]]
    ),
    doc(value(4, "达成预期指标")),
    "min-quantified-share = 0.8\n",
)
fx(
    "JX209",
    doc(value(4, "达成预期指标")),
    doc(
        replace(
            4,
            (
                "效益指标",
                "社会效益指标",
                "服务覆盖情况",
                "优：覆盖全部社区；良：覆盖八成以上；中：覆盖半数以上；差：不足半数",
                "达成预期指标",
            ),
        )
    ),
)
fx(
    "JX210",
    doc(value(0, "≥0个")),
    doc(replace(0, ("产出指标", "数量指标", "安全事故发生次数", "安全事故发生次数", "=0次"))),
)
fx("JX301", doc(fiscal="45.00"), doc(fiscal="45.00", other="5.00"))
fx("JX302", doc(value(3, "≤60万元")), doc(value(3, "≤500000元")))
fx(
    "JX303",
    doc(
        BASE_ROWS[:3]
        + [
            ("产出指标", "成本指标", "设备购置费用", "设备购置费用", "≤30万元"),
            ("产出指标", "成本指标", "人员费用", "人员费用", "≤30万元"),
        ]
        + BASE_ROWS[4:]
    ),
    doc(
        BASE_ROWS[:3]
        + [
            ("产出指标", "成本指标", "设备购置费用", "设备购置费用", "≤30万元"),
            ("产出指标", "成本指标", "人员费用", "人员费用", "≤200000元"),
        ]
        + BASE_ROWS[4:]
    ),
)
fx(
    "JX305",
    doc(total="300.00", fiscal="300.00").replace(
        "| ^ | 其他资金 |", "| ^ | 实施期资金总额 | 100.00 | |\n| ^ | 其他资金 |"
    ),
    doc(total="50.00", fiscal="50.00").replace(
        "| ^ | 其他资金 |", "| ^ | 实施期资金总额 | 150.00 | |\n| ^ | 其他资金 |"
    ),
)
fx(
    "JX306",
    doc(UNIT_COST_ROWS),
    doc(
        [
            *UNIT_COST_ROWS[:4],
            ("产出指标", "成本指标", "设备单价", "设备单价", "≤4万元/台"),
            *UNIT_COST_ROWS[5:],
        ]
    ),
)
fx(
    "JX401",
    doc(replace(2, ("产出指标", "时效指标", "实现20秒内完成自助通关", "通关响应时间", "≤1分钟"))),
    doc(replace(2, ("产出指标", "时效指标", "实现20秒内完成自助通关", "通关响应时间", "≤20秒"))),
)
fx("JX402", doc(value(2, "≥200人次")), doc(value(2, "≤30个工作日")))
DIR_COLS = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标方向性"]


def dirrows(last):
    return [
        ("产出指标", "数量指标", "完成任务数量", "≥", "10", "个", "正向指标"),
        ("产出指标", "质量指标", "验收合格率", "≥", "95", "%", "正向指标"),
        ("产出指标", "时效指标", "按时完成率", "≥", "90", "%", "正向指标"),
        ("产出指标", "成本指标", "不超过预算资金", "≤", "50", "万元", last),
        ("效益指标", "社会效益指标", "服务覆盖率", "≥", "90", "%", "正向指标"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "90", "%", "正向指标"),
    ]


fx("JX403", doc(dirrows("正向指标"), cols=DIR_COLS), doc(dirrows("反向指标"), cols=DIR_COLS))
fx("JX404", doc(goal="1.全年完成任务20个。"), doc(goal="1.全年完成任务10个以上。"))
fx(
    "JX405",
    doc(value(2, "2025年6月底前"), title="测试项目2024年度绩效目标表"),
    doc(value(2, "2024年12月底前"), title="测试项目2024年度绩效目标表"),
)
PERIOD_COLS = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "年度指标值", "实施期指标值"]


def period_rows(annual):
    return [(*r, r[4]) for r in BASE_ROWS[1:]] + [
        ("产出指标", "数量指标", "新建服务站", "新建村级服务站", annual, "20个"),
    ]


fx("JX406", doc(period_rows("30个"), cols=PERIOD_COLS), doc(period_rows("8个"), cols=PERIOD_COLS))
fx("JX901", "# 说明\n\n本文件只有文字，没有绩效目标表。\n\n单位：万元\n", doc())
fx("JX902", "", doc())


# ---- self-evaluation fixtures for the JX5xx scoring rules -------------------------------
SE_ROWS = [
    ("产出指标", "数量指标", "完成任务数量", "≥10个", "10个", "20", "20", ""),
    ("产出指标", "质量指标", "验收合格率", "≥95%", "96%", "10", "10", ""),
    ("产出指标", "时效指标", "按时完成率", "≥90%", "95%", "10", "10", ""),
    ("产出指标", "成本指标", "不超过预算资金", "≤100万元", "100万元", "10", "10", ""),
    ("效益指标", "社会效益指标", "服务覆盖率", "≥90%", "92%", "30", "30", ""),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "95%", "10", "10", ""),
]


def se(
    rows=None,
    budget="100",
    executed="100",
    rate="100%",
    fscore="10",
    total="100",
    grade="优",
    outcome="已完成测试工作。",
):
    rows = SE_ROWS if rows is None else rows
    out = [
        "项目支出绩效自评表",
        "",
        "（2023年度）",
        "",
        "| 项目名称 | 测试项目 | | | | | |",
        "|---|---|---|---|---|---|---|",
        "| 主管部门 | 302-某部门 | 实施单位 | 302101-某单位 | | | |",
        "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        f"| 年度资金总额 | {budget} | {budget} | {executed} | 10 | {rate} | {fscore} |",
        f"| 其中：当年财政拨款 | {budget} | {budget} | {executed} | | | |",
        "| 上年结转资金 | | | | | | |",
        "| 其他资金 | | | | | | |",
        "| 年度总体目标 | 预期目标 | | | 实际完成情况 | | |",
        f"| ^ | 做好测试工作。 | | | {outcome} | | |",
        "",
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    prev = None
    for r in rows:
        cells = list(r)
        if cells[0] == prev:
            cells[0] = "^"
        else:
            prev = cells[0]
        out.append("| " + " | ".join(cells) + " |")
    out.append(f"| 总分 | | | | | 100 | {total} | |")
    out.append(f"| 自评等级 | {grade} | | | | | | |")
    out.append("")
    return "\n".join(out)


def se_row(i, **kw):
    rows = list(SE_ROWS)
    keys = ("l1", "l2", "name", "target", "actual", "weight", "score", "deviation")
    r = dict(zip(keys, rows[i], strict=True))
    r.update(kw)
    rows[i] = tuple(r[k] for k in keys)
    return rows


fx(
    "JX501",
    se(se_row(1, actual="60%"), total="100"),
    se(se_row(1, actual="60%", score="6.32", deviation="设备故障，下年加强维护"), total="96.32"),
)
fx(
    "JX502",
    se(executed="80", rate="80%", fscore="10", total="100"),
    se(executed="80", rate="80%", fscore="8", total="98", grade="优"),
)
fx("JX503", se(total="90", grade="优"), se())
fx("JX504", se(grade="良"), se())
fx(
    "JX505",
    se(se_row(1, actual="60%", score="6.32", deviation="无"), total="96.32"),
    se(se_row(1, actual="60%", score="6.32", deviation="设备故障，下年加强维护"), total="96.32"),
)
fx("JX506", se(se_row(0, actual="30个")), se(se_row(0, actual="12个")))
fx("JX507", se(se_row(1, actual="无")), se(se_row(1, actual="96%")))
fx("JX508", se(se_row(1, actual="")), se())
fx(
    "JX509",
    se(executed="80", rate="100%", fscore="8", total="98"),
    se(executed="80", rate="80%", fscore="8", total="98"),
)

fx(
    "JX307",
    se(executed="120", rate="120%", fscore="10", total="100"),
    se(executed="100", rate="100%", fscore="10", total="100"),
)
fx("JX510", se(se_row(0, weight="15", score="15"), total="95", grade="优"), se())
fx(
    "JX511",
    se(
        [
            *SE_ROWS[:4],
            ("效益指标", "社会效益指标", "服务覆盖率", "≥90%", "92%", "20", "20", ""),
            ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "95%", "20", "20", ""),
        ]
    ),
    se(),
)
fx("JX512", se(outcome=""), se())

only = sys.argv[1:]
for code, (fires, passes, toml) in FIX.items():
    if only and code not in only:
        continue
    d = os.path.join(ROOT, code)
    os.makedirs(d, exist_ok=True)
    for kind, text in (("fires", fires), ("passes", passes)):
        with open(os.path.join(d, f"{kind}.md"), "w", encoding="utf-8") as fh:
            fh.write(text)
    if toml:
        with open(os.path.join(d, "jixiao.toml"), "w", encoding="utf-8") as fh:
            fh.write(toml)
print(len(FIX), "rules")
