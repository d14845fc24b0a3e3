"""The assembler's vocabulary: labels, column headers and the indicator taxonomy.

A new layout is mostly new entries here.  Labels are compared after
:func:`label_key` — whitespace, asterisks, colons and full-width forms removed —
so ``绩 效 指 标``, ``*指标值`` and ``其中：财政    资金`` all match.

Taxonomy (DOMAIN.md "Indicator taxonomy"): 2015 framework (财预〔2015〕88号) and
2021 framework (财预〔2021〕101号, 成本指标 first-level).  :func:`categorize` maps
printed 一级/二级 names to the standard ones.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..script import fold_script
from ..taxonomy import categorize, framework_of  # noqa: F401  (re-exported for the assembler)

_STRIP = re.compile(r"[\s*＊:：]+")
_SPACE = re.compile(r"\s+")
_WEIGHT = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")
_PAREN = re.compile(r"[（(][^（()）]*[)）]")


def half_width(text: str) -> str:
    """Full-width ASCII forms → half-width (（ → (, ： → :, ０ → 0)."""
    return unicodedata.normalize("NFKC", text) if text else text


@lru_cache(maxsize=1 << 15)
def folded(text: str) -> str:
    """``half_width`` then ``fold_script`` of a text (cached: a cell's text is asked for its label
    key and its header key, each starting here — one NFKC pass a text instead of two)."""
    return fold_script(half_width(text))


@lru_cache(maxsize=1 << 15)
def label_key(text: str | None) -> str:
    """Normalise a printed label for matching: NFKC, no whitespace, asterisks or colons;
    Traditional characters and inserted pinyin folded (``項目名稱``, ``價(jià)格``, see script.py)."""
    if not text:
        return ""
    return _STRIP.sub("", folded(text))


@lru_cache(maxsize=4096)
def level_name(text: str | None) -> tuple[str | None, float | None]:
    """A printed 一级/二级 cell → (name without whitespace and weight, weight or None)."""
    if text is None:
        return None, None
    name = _SPACE.sub("", text)
    if not name:
        return None, None
    m = _WEIGHT.search(name)
    weight = None
    if m:
        weight = float(m.group(1))
        name = name[: m.start()]
    return name or None, weight


# ---- header keys (label → field) -------------------------------------------------

# Keys of the header block; matched on label_key(), longest match wins by exact key first.
HEADER_KEYS: dict[str, str] = {
    "项目名称": "project",
    "专项名称": "project",
    "专项资金名称": "project",
    "项目(专项)名称": "project",
    "主管部门": "department",
    "主管部门及编码": "department",
    "主管部门及代码": "department",
    "主管部门(及编码)": "department",
    "县级主管部门": "department",
    "(县级)主管部门": "department",
    "主管单位": "department",
    "主管部门名称": "department",
    "项目主管部门": "department",
    "项目单位": "unit",
    "单位代码": "unit_code",
    "预算单位编码": "unit_code",
    "年度预算资金": "total",
    "本年度预算": "total",
    "实施单位": "unit",
    "实施单位(盖章)": "unit",
    "项目执行单位": "unit",
    "项目实施单位": "unit",
    "下达地方或单位": "unit",
    "申报单位": "unit",
    "申报单位名称": "unit",
    "预算单位": "unit",
    "单位名称": "unit",
    "部门(单位)名称": "unit",
    "部门名称": "unit",
    "部门预算编码": "unit_code",
    "单位编码": "unit_code",
    "填报单位": "unit",
    "预算单位名称": "unit",
    "年度预算数": "total",
    "本年预算数": "total",
    "项目预算": "total",
    "项目总预算": "period_total",
    "预算数": "total",
    "预算金额": "total",
    "年度资金总额": "total",
    "当年资金总额": "total_current",
    "资金总额": "period_total",
    "项目总额": "period_total",
    "实施期资金总额": "period_total",
    "中期资金总额": "period_total",
    "下达中央预算内投资(万元)": "total",
    "下达中央预算内投资": "total",
    "本年度申请市财政预算资金(万元)": "total",
    "中期市财政预算(万元)": "period_total",
    "其中财政资金": "fiscal",
    "财政资金": "fiscal",
    "其中财政拨款": "fiscal_any",
    "财政拨款": "fiscal_any",
    "其中当年财政拨款": "fiscal",
    "当年财政拨款": "fiscal",
    "其中本年财政拨款": "fiscal",
    "其他资金": "other_any",
    "当年其他资金": "other",
    "上年结转": "carryover",
    "上年结转资金": "carryover",
    "资金用途": "purpose",
    "项目概况": "purpose",
    "项目概述": "purpose",
    "绩效目标": "goals",
    "年度绩效目标": "goals",
    "年度目标": "goals",
    "总体目标": "goals",
    "年度总体目标": "goals",
    "项目年度目标": "goals",
    "项目绩效目标": "goals",
    "总体绩效目标": "goals",
    "年度总体绩效目标": "goals",
    "部门(单位)职责": "purpose",
    "部门职责": "purpose",
    "部门职能概述": "purpose",
    "实施期目标": "goals_period",
    "中期目标": "goals_period",
    "长期目标": "goals_period",
    "中期滚动目标": "goals_period",
    "预算年度": "year",
    "项目年度": "year",
    "填报年度": "year",
    "所属年度": "year",
    "评价年度": "year",
    "自评年度": "year",
    # labels whose values are not fields of jixiao/1: consumed so that their text is not taken
    # for a goal or a purpose (A7 Shanghai, A8, B1 headers)
    "项目类型": "note",
    "项目类别": "note",
    "项目性质": "note",
    "项目属性": "note",
    "立项依据": "note",
    "立项情况": "note",
    "项目设立的必要性": "note",
    "保证项目实施的制度、措施": "note",
    "开始时间": "note",
    "结束时间": "note",
    "项目起止时间": "note",
    "项目期": "note",
    "联系电话": "note",
    "填报人": "note",
    "填报日期": "note",
    "负责人及电话": "note",
    "总分": "total_score",
    "自评得分": "total_score",
    "自评等级": "grade",
    "评价等级": "grade",
    # second batch (LAYOUTS.md; found by meaning, listed here as the phrases meaning is scored on)
    "资金名称": "project",
    "项目情况": "purpose",
    "项目总体概况": "purpose",
    "年度主要目标": "goals",
    "年初设定目标": "goals",
    "年度目标完成情况": "outcome",
    "年度总体目标完成情况": "outcome",
    "自评总分": "total_score",
    "年度预算": "total",
    "分值": "funds_weight",  # 项目资金预算执行(10分) … 分值 | 10分: the weight of the money part
    "科目代码": "note",
    "财政部门": "note",
    "联系人": "note",
    "建设周期": "note",
    "项目分类": "note",
    "项目审批": "note",
    "归口科室": "note",
    "资金来源": "note",
    "预算执行率": "note",  # in a target table's header block: a target, not a measured rate
}

# Section labels: a cell that groups rows (often merged vertically) and names no field.
SECTIONS = {
    "预算规模及资金用途": "budget",
    "项目资金": "budget",
    "项目资金(万元)": "budget",
    "资金情况(万元)": "budget",
    "资金情况": "budget",
    "年度预算安排(万元)": "budget",
    "年度预算安排": "budget",
    "预算执行情况": "budget",
    "项目基本情况": "basic",
    "年度履职目标": "skip",
    "年度主要任务": "skip",
    "主要任务": "skip",
    "总体资金情况": "skip",
    "资金总额及构成": "budget",
    "收入构成": "income",
    "支出构成": "skip",
    "项目实施进度计划": "skip",
    "绩效指标": "grid",
    "绩效项目指标表": "grid",
    "评价结论": "end",
    "存在问题": "end",
    "改进措施": "end",
    "说明": "end",
    "项目负责人": "end",
    "财务负责人": "end",
    "注": "end",  # 注：… / 填报人：… under a grid: notes, no goals or purpose
    "填报人": "end",
    "填表人": "end",
    "审核人": "end",
    "保障绩效目标实现措施": "skip",
}

# Labels only a 部门整体 form prints (B1–B3, C4): evidence of its kind beside the title
DEPARTMENT_LABELS = frozenset(
    {
        "部门(单位)名称",
        "部门名称",
        "单位名称(部门)",
        "部门预算编码",
        "部门职责",
        "部门(单位)职责",
        "部门职能",
        "部门职能概述",
        "年度履职目标",
        "年度主要任务",
        "部门整体支出",
        "总体资金情况",
        "支出构成",
    }
)

# Labels that name a field only inside a section: (section, label) → field.
SECTION_KEYS: dict[tuple[str, str], str] = {
    ("budget", "其他"): "other_any",
    ("income", "其他"): "other_any",
    ("income", "合计"): "total",
    ("income", "小计"): "total",
}

# Indicator-grid column headers → role.  Matched on label_key() with parenthesised
# period markers removed (see column_role).
COLUMN_ROLES: dict[str, str] = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "指标内容": "name",
    "指标名称": "name",
    "绩效指标描述": "description",
    "指标描述": "description",
    "指标解释": "description",
    "绩效标准": "description",
    "指标说明": "description",
    "指标值": "target",
    "目标值": "target",
    "绩效目标值": "target",
    "年度指标值": "target",
    "指标值(或计划水平)": "target",
    "计划指标值(或计划水平)": "target",
    "计划指标值": "target",
    "当年预期实现值": "target",
    "预期指标值": "target",
    "年度目标值": "target",
    "指标性质": "op",
    "度量单位": "unit",
    "计量单位": "unit",
    "权重": "weight",
    "分值": "weight",
    "指标分值": "weight",
    "得分": "score",
    "具体指标": "name",
    "实际完成值": "actual",
    "实际值": "actual",
    "实际完成数": "actual",
    "全年实际完成值": "actual",
    "实际完成指标值": "actual",
    "完成值": "actual",
    "全年完成值": "actual",
    "全年实际值": "actual",
    "实际完成情况": "actual",
    "1-7月执行情况": "actual",
    "M月执行情况": "actual",  # 1-7月 / 1—6月 / 1至9月执行情况 (monitoring), see month_range
    "M月完成情况": "actual",
    "M月实际完成值": "actual",
    "偏差原因分析及改进措施": "deviation",
    "未完成原因分析": "deviation",
    "未完成原因和改进措施": "deviation",
    "未完成原因及拟采取的改进措施": "deviation",
    "偏差原因": "deviation",
    "偏差原因分析": "deviation",
    "原因分析及改进措施": "deviation",
    "指标方向性": "direction",
    "指标方向": "direction",
    "备注": "remark",
    "指标值类型": "ignore",
    "评(扣)分标准": "ignore",
    "评分标准": "ignore",
    "序号": "ignore",  # a serial-number column: never a value, whatever its numbers look like
    # second batch: short and generic spellings (一级 | 二级 | 三级 | 年度数值, 评价内容, 计算符号)
    "一级": "level1",
    "二级": "level2",
    "三级": "name",
    "内容": "name",
    "数值": "target",
    "预期值": "target",
    "计算符号": "op",
    "符号": "op",
    "指标属性": "op",
    "单位": "unit",
    "参考分值": "weight",
    "评分": "score",
    "说明": "remark",
}

# Flat (one row per indicator, many projects) grids add these columns.
FLAT_ROLES: dict[str, str] = {
    "单位名称": "f_unit",
    "项目名称": "f_project",
    "预算数": "f_total",
    "年度目标": "f_goal",
}

# Self-evaluation money grid column headers → role.
FUNDS_COLUMNS: dict[str, str] = {
    "年初预算数": "initial",
    "年初预算": "initial",
    "全年预算数": "adjusted",
    "全年预算数(A)": "adjusted",
    "调整后预算数": "adjusted",
    "全年执行数": "executed",
    "全年执行数(B)": "executed",
    "预算执行数": "executed",
    "执行率": "execution_rate",
    "执行率(B/A)": "execution_rate",
    "预算执行率": "execution_rate",
    "分值": "weight",
    "权重": "weight",
    "得分": "score",
    # C4 Fujian 部门整体自评: formula-labelled columns (the formula is stripped before matching)
    "M月执行数": "executed",  # monitoring: 全年预算数 | 1-7月执行数 | 执行率
    "M月预算执行数": "executed",
    "年初部门预算安排金额": "initial",
    "小计": "adjusted",
    "年度拨付金额": "executed",
    "支出实现率": "execution_rate",
}

# Self-evaluation money grid row labels → role.
FUNDS_ROWS: dict[str, str] = {
    "年度资金总额": "total",
    "总额": "total",
    "资金总额": "total",
    "合计": "total",
    "其中当年财政拨款": "fiscal",
    "其中本年财政拨款": "fiscal",
    "其中财政资金": "fiscal",
    "其中财政拨款": "fiscal",
    "当年财政拨款": "fiscal",
    "本年财政拨款": "fiscal",
    "财政拨款": "fiscal",
    "财政资金": "fiscal",
    "其中中央、省、市补助县级资金": "fiscal",
    "其中中央、省、市补助资金": "fiscal",
    "上年结转资金": "carryover",
    "上年结转": "carryover",
    "其他资金": "other",
    "财政资金小计": "fiscal",
    "其他资金小计": "other",
}

# Goal sub-headers: column label → goal role.
GOAL_COLUMNS: dict[str, str] = {
    "预期目标": "annual",
    "年初设定目标": "annual",
    "项目年度目标": "annual",
    "年度目标": "annual",
    "中期目标": "period",
    "实施期目标": "period",
    "长期目标": "period",
    "中期滚动目标": "period",
    "总目标": "period",  # 项目总目标 beside 年度总体目标: the whole project's
    "实际完成情况": "outcome",
    "全年实际完成情况": "outcome",
    "年度目标完成情况": "outcome",
    "目标实际完成情况": "outcome",
    "年度总体目标完成情况综述": "outcome",
}


def fiscal_part(key: str) -> str | None:
    """``其中：中央补助`` / ``其中：当年财政拨款``: the fiscal part of a budget, however the source is named."""
    if key.startswith("其中") and ("财政" in key or "补助" in key or "拨款" in key):
        return "fiscal"
    return None


FORMULA = re.compile(r"[①-⑳].*$")  # C4: 小计④=①+②+③ → 小计


# A8: a line naming the period of the grid that follows.
PERIOD_LINES = {
    "长期绩效指标": "period",
    "中期绩效指标": "period",
    "实施期绩效指标": "period",
    "年度绩效指标": "annual",
}

GRID_END = {
    "合计",
    "总计",
    "总分",
    "自评等级",
    "说明",
    "评价结论",
    "存在问题",
    "改进措施",
    "项目负责人",
    "财务负责人",
    "填报人",
    "备注说明",
    "填表人",
    "审核人",
    "填报日期",
}
# a note printed under a grid (``注：…``, ``说明：…``, ``填报人：张三 联系电话：…``): its label before the colon
NOTE_LABELS = frozenset({"注", "备注", *GRID_END})

TITLE_WORDS = re.compile(
    r"(绩效目标表|绩效目标申报表|申报表|自评表|评价表|监控表|目标表|批复表|目标一览表|目标审核表|审批表|审定表|核定表)"
)
_PERIOD_MARK = re.compile(r"[（(](长期|中期|实施期|年度|当年)[)）]")


_MONTHS = re.compile(r"^\d{1,2}[-—–－～~至到]\d{1,2}月")


def month_range(key: str) -> str:
    """``1—7月执行数`` / ``1至6月执行情况`` → ``M月执行数`` (the monitoring period, any months)."""
    return _MONTHS.sub("M月", key) if "月" in key else key


_HEAD_NUMBER = re.compile(
    r"^(?:\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十\d]{1,3}[)）])(?=\D)"
)


def unnumbered(key: str) -> str:
    """A label_key without a list number printed before it (``1.单位名称``, ``一、项目名称``)."""
    return _HEAD_NUMBER.sub("", key)


@lru_cache(maxsize=4096)
def column_role(text: str | None) -> tuple[str | None, str | None]:
    """A grid header cell → (role, period) where period is "period", "annual" or None."""
    key = unnumbered(month_range(label_key(text)))
    period = None
    m = _PERIOD_MARK.search(key)
    if m:
        period = "annual" if m.group(1) in ("年度", "当年") else "period"
        key = _PERIOD_MARK.sub("", key)
    role = COLUMN_ROLES.get(key)
    if role is None and key:
        # a trailing note or unit: 分值(权重), 权重(%), 得分(分), 一级指标名称
        base = key.split("(")[0]
        role = COLUMN_ROLES.get(base) or (COLUMN_ROLES.get(base[:-2]) if base.endswith("名称") else None)
    if role is None and key:
        if key.startswith(("实施期", "中期", "长期")) and ("指标值" in key or "目标值" in key):
            role, period = "target", "period"  # 实施期指标值 beside 年度指标值 (central-ministry A2)
        elif key.endswith("指标值") or key.endswith("目标值"):
            role = "target"
        elif key.startswith("偏差原因") or key.startswith("未完成原因"):
            role = "deviation"
    if role == "target" and period is None and key.startswith(("年度", "当年")) and key != "年度指标值":
        period = "annual"
    return role, period
