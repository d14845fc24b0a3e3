"""Layouts of LAYOUTS.md with no corpus document yet, as small Markdown fixtures.

Each builds a table the way real units print it and asserts the fields a user relies on.
"""

from __future__ import annotations

from jixiao.ingest import ingest_bytes
from jixiao.model import Table

from .md import one


def test_a4_hunan_value_type_and_unit_columns() -> None:
    t = one("""
# 2024年度项目支出绩效目标表

| 项目名称 | 农村公路养护 | 主管部门 | [105]某县交通运输局 |
|---|---|---|---|
| 实施单位 | 105001某县公路事务中心 | 项目资金(万元) | 120 |

| 一级指标 | 二级指标 | 三级指标 | 指标值类型 | *指标值 | 计量单位 | *指标解释 | *评(扣)分标准 | 备注 |
|---|---|---|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 养护里程 | 定量 | ≥120 | 公里 | 全年养护的农村公路里程 | 每少1公里扣1分 | |
| ^ | 时效指标 | 完成时间 | 定性 | 年底前完成 | | 按期完成 | | 无 |
| 效益指标 | 社会效益指标 | 群众出行条件 | 定性 | 明显改善 | | | | |
""")
    assert t.kind == "project_target" and t.year == 2024
    assert (t.project and t.project.name) == "农村公路养护"
    assert (t.department and t.department.code, t.unit.code, t.unit.name) == (
        "105",
        "105001",
        "某县公路事务中心",
    )
    assert t.money_unit == "万元" and t.funds.total is None or t.funds.total == 120
    first, second, third = t.indicators
    assert (first.target.text, first.target.op, first.target.number, first.target.unit) == (
        "≥120公里",
        "≥",
        120,
        "公里",
    )
    assert first.description == "全年养护的农村公路里程"
    assert second.level1 == "产出指标" and second.target.qualitative and second.remark == "无"
    assert third.category1 == "效益指标"


def test_a8_long_term_and_annual_grids_in_sequence() -> None:
    t = one("""
项目支出绩效目标申报表

| 项目名称 | 智慧校园 |
|---|---|
| 资金总额 | 300 |

长期绩效指标

| 一级指标 | 二级指标 | 指标内容 | 指标值 | 备注 |
|---|---|---|---|---|
| 产出指标 | 数量指标 | 建成智慧教室 | 30间 | |

年度绩效指标

| 一级指标 | 二级指标 | 指标内容 | 指标值 | 备注 |
|---|---|---|---|---|
| 产出指标 | 数量指标 | 建成智慧教室 | 10间 | |
| 满意度指标 | 服务对象满意度指标 | 师生满意度 | ≥90% | |
""")
    assert [(i.period, i.target.number) for i in t.indicators] == [
        ("period", 30),
        ("annual", 10),
        ("annual", 90),
    ]
    assert t.funds.total == 300


def test_c3_score_column_before_the_value_and_printed_totals() -> None:
    t = one("""
2023年度衔接资金项目绩效自评表

| 项目名称 | 产业路建设 | 负责人及电话 | 张三 |
|---|---|---|---|
| 主管部门 | 某县农业农村局 | 实施单位 | 某乡人民政府 |

| 项目资金(万元) | | 全年预算数(A) | 全年执行数(B) | 分值 | 得分 | 执行率(B/A) |
|---|---|---|---|---|---|---|
| ^ | 年度资金总额 | 80 | 72 | 10 | 9 | 90% |
| ^ | 其中：本年财政拨款 | 80 | 72 | | | |

| 一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分 | 未完成原因及拟采取的改进措施 |
|---|---|---|---|---|---|---|---|
| 产出指标(50分) | 数量指标 | 硬化道路 | 30 | ≥5公里 | 4公里 | 24 | 雨季延误 |
| ^ | 时效指标 | 完工时间 | 20 | 及时 | 及时 | 20 | |
| 总分 | | | 100 | | | 83 | |
| 自评等级 | 良 | | | | | | |
""")
    assert t.kind == "project_selfeval" and t.year == 2023
    assert (t.funds.total, t.funds.executed, t.funds.execution_rate, t.funds.weight, t.funds.score) == (
        80,
        72,
        0.9,
        10,
        9,
    )
    assert t.funds.fiscal == 80
    first = t.indicators[0]
    assert (first.weight, first.target.number, first.actual and first.actual.number, first.score) == (
        30,
        5,
        4,
        24,
    )
    assert first.deviation == "雨季延误" and first.level1 == "产出指标"
    assert t.level_weights == {"产出指标": 50.0}
    assert t.total_score == 83 and t.grade == "良"


def test_c4_fujian_formula_labelled_money_columns() -> None:
    t = one("""
部门整体支出绩效自评表

| 部门(单位)名称 | 某市档案馆 | 部门预算编码 | 901002 |
|---|---|---|---|

| 资金 | 年初部门预算安排金额① | 历年结余结转② | 年中调整金额③ | 小计④=①+②+③ | 年度拨付金额⑤ | 支出实现率⑥=⑤/④ |
|---|---|---|---|---|---|---|
| 财政资金小计 | 100 | 0 | 10 | 110 | 99 | 90% |
| ①中央及省级 | 20 | 0 | 0 | 20 | 20 | 100% |
| ②市级 | 80 | 0 | 10 | 90 | 79 | 87.8% |
| ③县(市、区) | 0 | 0 | 0 | 0 | 0 | |
| 其他资金小计 | 5 | 0 | 0 | 5 | 5 | 100% |
| 合计 | 105 | 0 | 10 | 115 | 104 | 90.4% |

| 一级指标 | 二级指标 | 三级指标 | 指标解释 | 绩效目标值 | 实际完成值 | 指标分值 | 得分 |
|---|---|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 档案接收 | 接收档案卷数 | ≥5000卷 | 5200卷 | 20 | 20 |
""")
    assert t.kind == "department_selfeval" and t.project is None
    assert (t.unit.code, t.unit.name) == ("901002", "某市档案馆")
    assert (t.funds.total, t.funds.initial, t.funds.executed, t.funds.fiscal, t.funds.other) == (
        115,
        105,
        104,
        110,
        5,
    )
    assert t.funds.execution_rate == 0.904
    assert t.indicators[0].actual is not None and t.indicators[0].actual.number == 5200


def test_two_row_header_and_table_without_level2() -> None:
    t = one("""
2024年项目运行监控表

| 项目名称 | 便民服务 |
|---|---|

| 一级指标 | 三级指标 | 年度指标值 | 1-7月执行情况 | 偏差原因 | ^ |
|---|---|---|---|---|---|
| ^ | ^ | ^ | ^ | 经费保障 | 其他 |
| 产出指标 | 服务人次 | ≥1000人次 | 600人次 | | |
""")
    assert t.kind == "monitoring"
    (ind,) = t.indicators
    assert ind.level2 is None and ind.name == "服务人次" and ind.actual and ind.actual.number == 600


def test_label_and_value_in_one_cell_or_paragraph() -> None:
    t = one("""
附件2：2025年度项目支出绩效目标表

填报单位（盖章）：[201001]某市文化馆
单位：万元

| 项目名称：非遗保护传承 | 主管部门：201-某市文化和旅游局 | | |
|---|---|---|---|
| 项目预算(万元)：35.5 | 其中：财政资金 | 35.5 | |
| 项目绩效目标：1.开展非遗展演10场；2.培训传承人50人次。 | | | |

| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 非遗展演场次 | ≥10场 |
""")
    assert t.year == 2025 and t.title == "2025年度项目支出绩效目标表"
    assert (t.unit.code, t.unit.name) == ("201001", "某市文化馆")
    assert (t.department and (t.department.code, t.department.name)) == ("201", "某市文化和旅游局")
    assert t.project and t.project.name == "非遗保护传承"
    assert t.money_unit == "万元" and (t.funds.total, t.funds.fiscal) == (35.5, 35.5)
    assert t.goals.annual == ["开展非遗展演10场；", "培训传承人50人次。"]
    assert t.indicators[0].target.unit == "场"


def test_a2_dongguan_one_row_funding_and_two_halves_without_period_marks() -> None:
    t = one("""
东莞市2024年度项目支出绩效目标申报表

| 项目名称 | 智慧城管系统运维 | 主管部门 | 东莞市城市管理和综合执法局 |
|---|---|---|---|
| 实施单位 | 东莞市数字城管中心 | 项目属性 | 延续项目 |
| 中期市财政预算(万元) | | 本年度申请市财政预算资金(万元) | |
| 600 | | 200 | |
| 中期滚动目标(2024--2026) | | 年度目标 | |
| 1.系统可用率保持99%以上；2.案件按期结案率达95%。 | | 完成全年运维，系统可用率不低于99%。 | |

| 一级指标 | 二级指标 | 三级指标 | 指标值(或计划水平) | 二级指标 | 三级指标 | 计划指标值(或计划水平) |
|---|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 运维系统数 | 3个 | 数量指标 | 运维系统数 | 3个 |
| ^ | 质量指标 | 系统可用率 | ≥99% | 质量指标 | 系统可用率 | ≥99% |
| 满意度指标 | 服务对象满意度指标 | 使用人员满意度 | ≥90% | 服务对象满意度指标 | 使用人员满意度 | ≥92% |
""")
    assert t.kind == "project_target" and t.year == 2024 and t.money_unit == "万元"
    assert (t.funds.period_total, t.funds.total) == (600, 200)
    assert t.goals.period == ["系统可用率保持99%以上；", "案件按期结案率达95%。"]
    assert t.goals.annual == ["完成全年运维，系统可用率不低于99%。"]
    assert [(i.period, i.level1, i.level2, i.name, i.target.text) for i in t.indicators] == [
        ("period", "产出指标", "数量指标", "运维系统数", "3个"),
        ("annual", "产出指标", "数量指标", "运维系统数", "3个"),
        ("period", "产出指标", "质量指标", "系统可用率", "≥99%"),
        ("annual", "产出指标", "质量指标", "系统可用率", "≥99%"),
        ("period", "满意度指标", "服务对象满意度指标", "使用人员满意度", "≥90%"),
        ("annual", "满意度指标", "服务对象满意度指标", "使用人员满意度", "≥92%"),
    ]


def test_a7_shanghai_header_with_checkbox_lists() -> None:
    t = one("""
上海市财政支出项目绩效目标申报表

| 申报单位名称 | 上海市某区图书馆 | | |
|---|---|---|---|
| 项目名称 | 数字阅读推广 | | |
| 项目类型 | □经常性项目 ☑一次性项目 | | |
| 资金用途 | □设备购置 ☑运行维护 □其他 | | |
| 开始时间 | 2024年1月 | 结束时间 | 2024年12月 |
| 项目概况 | 开展数字阅读推广活动，覆盖全区居民。 | | |
| 立项依据 | 《上海市公共文化服务保障与促进条例》 | | |
| 项目设立的必要性 | 满足居民数字阅读需求。 | | |
| 保证项目实施的制度、措施 | 建立项目管理制度。 | | |
| 年度绩效目标 | 全年举办推广活动20场。 | | |

| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 推广活动场次 | ≥20场 |
""")
    assert t.kind == "project_target"
    assert (t.unit.name, t.project and t.project.name) == ("上海市某区图书馆", "数字阅读推广")
    assert t.purpose == "开展数字阅读推广活动，覆盖全区居民。"
    assert t.goals.annual == ["全年举办推广活动20场。"]
    assert t.indicators[0].target.number == 20


def test_a8_header_of_older_forms() -> None:
    t = one("""
2019年度项目支出绩效目标申报表

| 填报单位(盖章) | 某县教育局 | | | |
|---|---|---|---|---|
| 项目名称 | 校舍维修 | 项目属性 | 新增□ 延续√ | |
| 项目负责人 | 李四 | 联系电话 | 0731-1234567 | |
| 资金总额及构成 | 资金总额 | 80 | | |
| ^ | 财政拨款 | 60 | | |
| ^ | 其他 | 20 | | |
| 项目概况 | 维修5所学校校舍。 | | | |
| 项目实施进度计划 | 实施内容 | 开始时间 | 完成时间 | |
| ^ | 维修施工 | 2019年3月 | 2019年8月 | |
| 年度目标 | 完成5所学校校舍维修。 | | | |

年度绩效指标

| 一级指标 | 二级指标 | 指标内容 | 指标值 | 备注 |
|---|---|---|---|---|
| 产出指标 | 数量指标 | 维修学校数 | 5所 | |
""")
    assert t.year == 2019 and t.unit.name == "某县教育局" and t.project and t.project.name == "校舍维修"
    assert (t.funds.total, t.funds.fiscal, t.funds.other) == (80, 60, 20)
    assert t.purpose == "维修5所学校校舍。"
    assert t.goals.annual == ["完成5所学校校舍维修。"]
    assert [(i.period, i.name, i.target.number) for i in t.indicators] == [("annual", "维修学校数", 5)]


def test_b1_hubei_department_header_with_income_and_spending() -> None:
    t = one("""
2022年部门整体支出绩效目标申报表

| 部门(单位)名称 | 某市统计局 | 填报人 | 王五 |
|---|---|---|---|
| 联系电话 | 027-1234567 | 填报日期 | 2022年1月10日 |

| 总体资金情况(万元) | | 当年金额 | 近两年收支金额 | 占比 |
|---|---|---|---|---|
| 收入构成 | 财政拨款 | 900 | 1700 | 90% |
| ^ | 其他资金 | 100 | 300 | 10% |
| ^ | 合计 | 1000 | 2000 | 100% |
| 支出构成 | 基本支出 | 700 | 1400 | 70% |
| ^ | 项目支出 | 300 | 600 | 30% |
| ^ | 合计 | 1000 | 2000 | 100% |

| 部门职能概述 | 1.组织实施统计调查；2.发布统计数据。 |
|---|---|

| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 产出指标 | 时效指标 | 统计数据按时发布率 | 100% |
""")
    assert t.kind == "department_target" and t.project is None and t.year == 2022
    assert t.unit.name == "某市统计局" and t.money_unit == "万元"
    assert (t.funds.total, t.funds.fiscal, t.funds.other) == (1000, 900, 100)
    assert t.purpose == "1.组织实施统计调查；2.发布统计数据。"
    assert [i.name for i in t.indicators] == ["统计数据按时发布率"]


def test_b3_hunan_department_with_starred_labels_and_a4_grid() -> None:
    t = one("""
2024年度部门整体绩效目标表

| 部门(单位)名称 | 某县自然资源局 | | | | | | | |
|---|---|---|---|---|---|---|---|---|
| *部门(单位)职责 | 负责全县自然资源管理。 | | | | | | | |
| *年度总体绩效目标 | 1.完成耕地保护任务；2.完成不动产登记。 | | | | | | | |

| 一级指标 | 二级指标 | 三级指标 | 指标值类型 | *指标值 | 计量单位 | *指标解释 | *评(扣)分标准 | 备注 |
|---|---|---|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 耕地保有量 | 定量 | ≥50 | 万亩 | 全县耕地保有量 | 未完成不得分 | |
| 满意度指标 | 服务对象满意度指标 | 群众满意度 | 定量 | ≥90 | % | | | |
""")
    assert t.kind == "department_target" and t.project is None and t.year == 2024
    assert t.unit.name == "某县自然资源局" and t.purpose == "负责全县自然资源管理。"
    assert t.goals.annual == ["完成耕地保护任务；", "完成不动产登记。"]
    assert [(i.target.text, i.target.number, i.target.unit) for i in t.indicators] == [
        ("≥50万亩", 50, "万亩"),
        ("≥90%", 90, "%"),
    ]


def test_c3_county_form_without_scores() -> None:
    t = one("""
2021年度县级专项资金绩效目标自评表

| 专项资金名称 | 农村安全饮水 | 负责人及电话 | 赵六 13800000000 |
|---|---|---|---|
| 县级主管部门 | 某县水利局 | 实施单位 | 某县农村供水站 |

| 资金情况(万元) | | 全年预算数(A) | 全年执行数(B) | 执行率(B/A) |
|---|---|---|---|---|
| ^ | 年度资金总额 | 150 | 135 | 90% |
| ^ | 其中：中央、省、市补助县级资金 | 100 | 95 | 95% |
| ^ | 其他资金 | 50 | 40 | 80% |

| 年度总体目标 | 年初设定目标 | 全年实际完成情况 |
|---|---|---|
| ^ | 新建供水工程3处。 | 完成供水工程3处。 |

| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 全年完成值 | 未完成原因和改进措施 |
|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 新建供水工程 | 3处 | 3处 | |
| 效益指标 | 社会效益指标 | 受益人口 | ≥5000人 | 4800人 | 部分农户外出务工 |
""")
    assert t.kind == "project_selfeval" and t.year == 2021
    assert (t.project and t.project.name, t.department and t.department.name) == (
        "农村安全饮水",
        "某县水利局",
    )
    assert (t.funds.total, t.funds.fiscal, t.funds.other, t.funds.executed) == (150, 100, 50, 135)
    assert t.funds.execution_rate == 0.9
    assert t.goals.annual == ["新建供水工程3处。"] and t.outcome == "完成供水工程3处。"
    second = t.indicators[1]
    assert (second.actual and second.actual.number, second.deviation) == (4800, "部分农户外出务工")


def test_c1_form_with_blank_project_name_and_budget_outside_the_grid() -> None:
    """A 项目名称 row left blank still makes a 项目 self-evaluation (not a 部门整体 one, as a unit
    with no project row would), and a 预算数 above a money grid whose 全年预算数 is blank is the
    年度资金总额 alone (dev/44 as jixiao writes it)."""
    t = one("""
| 项目名称 | | | |
|---|---|---|---|
| 主管部门 | | 实施单位 | |
| 预算数(万元) | 10.00 | | |

| 项目资金(万元) | | 年初预算数 | 全年预算数 | 全年执行数 |
|---|---|---|---|---|
| ^ | 年度资金总额 | | | |
| ^ | 其他资金 | | | |

| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 |
|---|---|---|---|---|
| 产出指标 | 数量指标 | 服务人次 | ≥500人 | 1700人 |
""")
    assert t.kind == "project_selfeval"
    assert (t.funds.total, t.funds.adjusted, t.funds.initial) == (10, None, None)


def test_a2_central_period_and_annual_values_side_by_side() -> None:
    t = one("""
2024年度中央部门项目支出绩效目标表

| 项目名称 | 基层干部培训 | 主管部门 | 某部 |
|---|---|---|---|
| 实施单位 | 某部干部学院 | 项目属性 | 延续 |
| 实施期资金总额 | 900 | 年度资金总额 | 300 |
| 实施期目标 | 三年培训基层干部3000人次。 | 年度目标 | 培训基层干部1000人次。 |

| 一级指标 | 二级指标 | 三级指标 | 实施期指标值 | 年度指标值 |
|---|---|---|---|---|
| 产出指标 | 数量指标 | 培训人次 | ≥3000人次 | ≥1000人次 |
| 满意度指标 | 服务对象满意度指标 | 学员满意度 | ≥90% | ≥90% |
""")
    assert (t.funds.period_total, t.funds.total) == (900, 300)
    assert t.goals.period == ["三年培训基层干部3000人次。"] and t.goals.annual == ["培训基层干部1000人次。"]
    assert [(i.period, i.level2, i.name, i.target.number) for i in t.indicators] == [
        ("period", "数量指标", "培训人次", 3000),
        ("annual", "数量指标", "培训人次", 1000),
        ("period", "服务对象满意度指标", "学员满意度", 90),
        ("annual", "服务对象满意度指标", "学员满意度", 90),
    ]


def test_c2_sichuan_selfeval_with_separate_comparator_and_unit_columns() -> None:
    t = one("""
报表编号:510000_0013zp

| 部门预算项目支出绩效自评表(2023年度) | | | | | | | | | | |
|---|---|---|---|---|---|---|---|---|---|---|
| 项目名称 | 51000023R000000012345-乡村道路养护 | | | | | | | | | |
| 主管部门 | 某县交通运输局 | | | | 实施单位(盖章) | 某县公路养护站 | | | | |
| 项目基本情况 | 1.项目年度目标完成情况 | | 项目年度目标 | | | 年度目标完成情况 | | | | |
| ^ | ^ | | 完成农村公路养护200公里。 | | | 完成养护210公里。 | | | | |
| 预算执行情况(10分) | 年度预算数(万元) | | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 | |
| ^ | 总额 | | 100.00 | 120.00 | 108.00 | 90.00% | 10 | 9 | | |
| ^ | 其中:财政资金 | | 100.00 | 120.00 | 108.00 | 90.00% | | | | |
| ^ | 财政专户管理资金 | | 0.00 | 0.00 | 0.00 | 0.00% | | | | |
| ^ | 单位资金 | | 0.00 | 0.00 | 0.00 | 0.00% | | | | |
| ^ | 其他资金 | | 0.00 | 0.00 | 0.00 | 0.00% | | | | |
| 绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |
| ^ | 产出指标 | 数量指标 | 养护里程 | ≥ | 200 | 公里 | 210 | 50 | 50 | |
| ^ | ^ | 成本指标 | 每公里养护成本 | ≤ | 0.6 | 万元 | 0.5 | 20 | 20 | |
| ^ | 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥ | 90 | % | 85 | 20 | 18 | 个别路段施工影响出行 |
| 合计 | | | | | | | | 100 | 97 | |
| 评价结论 | 项目总体完成较好。 | | | | | | | | | |
""")
    assert t.kind == "project_selfeval" and t.year == 2023 and t.money_unit == "万元"
    assert t.project is not None and (t.project.code, t.project.name) == (
        "51000023R000000012345",
        "乡村道路养护",
    )
    assert (t.department and t.department.name, t.unit.name) == ("某县交通运输局", "某县公路养护站")
    assert (t.funds.total, t.funds.initial, t.funds.adjusted, t.funds.executed) == (120, 100, 120, 108)
    assert (t.funds.execution_rate, t.funds.weight, t.funds.score, t.funds.fiscal) == (0.9, 10, 9, 120)
    assert t.goals.annual == ["完成农村公路养护200公里。"] and t.outcome == "完成养护210公里。"
    assert [
        (i.target.text, i.target.op, i.actual and i.actual.number, i.weight, i.score) for i in t.indicators
    ] == [
        ("≥200公里", "≥", 210, 50, 50),
        ("≤0.6万元", "≤", 0.5, 20, 20),
        ("≥90%", "≥", 85, 20, 18),
    ]
    assert t.indicators[1].level1 == "产出指标" and t.indicators[2].deviation == "个别路段施工影响出行"
    assert t.total_score == 97


def test_monitoring_table_with_month_range_columns() -> None:
    t = one("""
2024年度项目支出绩效运行监控表

| 项目名称 | 社区养老服务 | 主管部门 | 某区民政局 |
|---|---|---|---|
| 实施单位 | 某区养老服务中心 | | |

| 项目资金(万元) | | 全年预算数 | 1—7月执行数 | 执行率 |
|---|---|---|---|---|
| ^ | 年度资金总额 | 200 | 105 | 52.5% |
| ^ | 其中：财政拨款 | 200 | 105 | 52.5% |

| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 1至7月执行情况 | 全年预计完成情况 | 完成目标可能性 | 偏差原因 |
|---|---|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 服务老人人次 | ≥12000人次 | 6500人次 | 12000人次 | 确定能 | |
| 满意度指标 | 服务对象满意度指标 | 老人满意度 | ≥90% | 92% | 92% | 确定能 | |
""")
    assert t.kind == "monitoring" and t.year == 2024
    assert (t.funds.total, t.funds.executed, t.funds.execution_rate, t.funds.fiscal) == (200, 105, 0.525, 200)
    assert [(i.target.number, i.actual and i.actual.number) for i in t.indicators] == [
        (12000, 6500),
        (90, 92),
    ]


def test_year_label_trailing_codes_and_numbered_level_names() -> None:
    t = one("""
项目支出绩效目标表

| 预算年度 | 2025 | 项目名称 | 档案数字化 |
|---|---|---|---|
| 主管部门 | 某市档案局(301) | 实施单位 | 某市档案馆（301002） |

| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 一、产出指标 | （一）数量指标 | 数字化档案卷数 | ≥2万卷 |
| 二、成本指标 | 经济成本 | 每卷成本 | ≤15元 |
""")
    assert t.year == 2025
    assert (t.department and (t.department.code, t.department.name)) == ("301", "某市档案局")
    assert (t.unit.code, t.unit.name) == ("301002", "某市档案馆")
    first, second = t.indicators
    assert (first.level1, first.category1, first.category2) == ("一、产出指标", "产出指标", "数量指标")
    assert (second.category1, second.category2) == ("成本指标", "经济成本指标")


def test_glued_total_row_ends_the_grid() -> None:
    t = one("""
项目支出绩效自评表

| 项目名称 | 某项目 |
|---|---|

| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
|---|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 完成数量 | 10个 | 10个 | 50 | 50 |
| 总分100100 | | | | | | |
| 效益指标 | 社会效益指标 | 受益人数 | 100人 | 100人 | 50 | 50 |
""")
    assert [i.name for i in t.indicators] == ["完成数量"]


def test_monitoring_table_round_trips_through_every_writer() -> None:
    """监控表 (全年预算数 | 1-7月执行数 | 执行率, figures right below without a row label)."""
    from jixiao.compare import compare_documents
    from jixiao.export import export_document
    from jixiao.model import Document, Funds, Indicator, Party, Project, Value

    source = Document(
        tables=[
            Table(
                kind="monitoring",
                title="2025年项目运行监控表",
                year=2025,
                unit=Party("302101", "天津市某单位"),
                project=Project("某项目"),
                money_unit="万元",
                funds=Funds(total=100, adjusted=100, executed=55, execution_rate=0.55),
                indicators=[
                    Indicator(
                        level1="产出指标",
                        level2="数量指标",
                        name="培训人次",
                        target=Value("≥100人次", "≥", 100, "人次", False),
                        actual=Value("60人次", "=", 60, "人次", False),
                    )
                ],
            )
        ]
    )
    for fmt in ("html", "docx", "xlsx", "pdf"):
        back = ingest_bytes(export_document(source, fmt), f"monitoring.{fmt}")
        result = compare_documents(source.to_dict(), back.to_dict())
        assert [t.kind for t in back.tables] == ["monitoring"], fmt
        assert result.ok, (fmt, [str(m) for m in result.mismatches])
