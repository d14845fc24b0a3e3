"""The web UI's message catalogue: Simplified Chinese (default) and English.

A page picks its language from ``?lang=zh|en`` (which also sets the ``jx_lang``
cookie), else the cookie, else Chinese.  Templates call ``t("key")``; a key
missing from the catalogue shows the key itself, so a gap is visible, never a crash.
Add a page's strings with :func:`add_messages` (the scoring pages do).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"
COOKIE = "jx_lang"

# key: (中文, English)
_MESSAGES: dict[str, tuple[str, str]] = {
    "app.name": ("绩效目标管理", "Performance targets"),
    "app.tagline": ("预算绩效目标 · 审核 · 评价", "Budget performance targets · review · evaluation"),
    "nav.dashboard": ("概览", "Dashboard"),
    "nav.units": ("单位", "Units"),
    "nav.tables": ("绩效目标表", "Tables"),
    "nav.import": ("导入", "Import"),
    "nav.logout": ("退出", "Log out"),
    "nav.login": ("登录", "Log in"),
    "lang.switch": ("English", "中文"),
    "role.admin": ("管理员", "Administrator"),
    "role.reviewer": ("审核人（财政）", "Reviewer (finance)"),
    "role.filer": ("填报人（单位）", "Filer (unit)"),
    "role.viewer": ("查看者", "Viewer"),
    # login
    "login.title": ("登录", "Log in"),
    "login.username": ("用户名", "User name"),
    "login.password": ("密码", "Password"),
    "login.submit": ("登录", "Log in"),
    "login.failed": ("用户名或密码错误。", "Wrong user name or password."),
    "login.throttled": (
        "登录失败次数过多，请 {s} 秒后再试。",
        "Too many failed logins; try again in {s} seconds.",
    ),
    # dashboard
    "dash.title": ("概览", "Dashboard"),
    "dash.tables": ("项目", "Projects"),
    "dash.units": ("单位", "Units"),
    "dash.indicators": ("绩效指标", "Indicators"),
    "dash.quantified": ("定量指标占比", "Quantified share"),
    "dash.budget": ("预算总额", "Total budget"),
    "dash.findings": ("问题", "Findings"),
    "dash.budget_by_unit": ("各单位预算（万元）", "Budget by unit (10k yuan)"),
    "dash.budget_by_category": ("各一级指标的指标数", "Indicators by first-level category"),
    "dash.quantified_share": ("定量与定性指标", "Quantified vs qualitative indicators"),
    "dash.quantified_by_category": ("各一级指标的定量指标占比", "Quantified share by first-level category"),
    "dash.budget_wan": ("预算总额（万元）", "Total budget (10k yuan)"),
    "dash.findings_by_rule": ("各规则的问题数", "Findings by rule"),
    "dash.tables_by_state": ("各审核状态的项目数", "Projects by review state"),
    "dash.empty": ("还没有数据。请先导入文件。", "No data yet. Import some files first."),
    "chart.quantitative": ("定量", "Quantitative"),
    "chart.qualitative": ("定性", "Qualitative"),
    "chart.count": ("数量", "Count"),
    # lists
    "list.search": ("搜索", "Search"),
    "list.search_placeholder": ("项目名称、单位名称或编码", "Project, unit name or code"),
    "list.filter_unit": ("单位", "Unit"),
    "list.filter_state": ("状态", "State"),
    "list.filter_year": ("年度", "Year"),
    "list.filter_kind": ("类型", "Kind"),
    "list.filter_rule": ("规则代码", "Rule code"),
    "list.all": ("全部", "All"),
    "list.apply": ("筛选", "Filter"),
    "list.none": ("没有符合条件的记录。", "Nothing matches."),
    "list.count": ("共 {n} 条", "{n} in all"),
    "list.prev": ("上一页", "Previous"),
    "list.next": ("下一页", "Next"),
    "units.title": ("单位", "Units"),
    "units.code": ("编码", "Code"),
    "units.name": ("单位名称", "Unit"),
    "units.tables": ("项目数", "Projects"),
    "units.budget": ("预算数（万元）", "Budget (10k yuan)"),
    "tables.title": ("绩效目标表", "Performance tables"),
    "tables.project": ("项目名称", "Project"),
    "tables.unit": ("单位", "Unit"),
    "tables.year": ("年度", "Year"),
    "tables.budget": ("预算数", "Budget"),
    "tables.state": ("状态", "State"),
    "tables.findings": ("问题", "Findings"),
    "tables.kind": ("类型", "Kind"),
    "tables.untitled": ("（无标题）", "(untitled)"),
    # states
    "state.draft": ("草稿", "Draft"),
    "state.submitted": ("已提交", "Submitted"),
    "state.returned": ("已退回", "Returned"),
    "state.approved": ("已批复", "Approved"),
    # kinds
    "kind.project_target": ("项目支出绩效目标表", "Project target table"),
    "kind.department_target": ("部门整体支出绩效目标表", "Department target table"),
    "kind.project_selfeval": ("项目支出绩效自评表", "Project self-evaluation"),
    "kind.department_selfeval": ("部门整体支出绩效自评表", "Department self-evaluation"),
    "kind.monitoring": ("绩效运行监控表", "Monitoring table"),
    # the official form
    "form.unit_money": ("单位：{u}", "Unit: {u}"),
    "form.project": ("项目名称", "Project"),
    "form.budget_block": ("预算规模及资金用途", "Budget and use of funds"),
    "form.total": ("预算数", "Budget"),
    "form.fiscal": ("其中：财政资金", "of which fiscal funds"),
    "form.other": ("其他资金", "Other funds"),
    "form.goals": ("绩效目标", "Performance goals"),
    "form.goals_period": ("中期目标", "Medium-term goals"),
    "form.level1": ("一级指标", "Level 1"),
    "form.level2": ("二级指标", "Level 2"),
    "form.level3": ("三级指标", "Indicator"),
    "form.description": ("绩效指标描述", "Description"),
    "form.value": ("指标值", "Target"),
    "form.actual": ("实际完成值", "Actual"),
    "form.weight": ("分值", "Weight"),
    "form.score": ("得分", "Score"),
    "form.deviation": ("偏差原因分析及改进措施", "Reasons for deviation"),
    "form.execution": ("预算执行", "Budget execution"),
    "form.total_score": ("总分", "Total score"),
    "form.grade": ("自评等级", "Grade"),
    "money.initial": ("年初预算数", "Initial budget"),
    "money.adjusted": ("全年预算数", "Adjusted budget"),
    "money.executed": ("全年执行数", "Executed"),
    "money.execution_rate": ("执行率", "Execution rate"),
    "money.weight": ("分值", "Weight"),
    "money.score": ("得分", "Score"),
    "form.no_indicators": ("（没有绩效指标）", "(no indicators)"),
    # labels and headers of the official forms (jixiao.export), shown in English on English pages
    "form.unit": ("预算单位", "Budget unit"),
    "form.department": ("主管部门", "Supervising department"),
    "form.implementer": ("实施单位", "Implementing unit"),
    "form.dept_name": ("部门(单位)名称", "Department (unit)"),
    "form.dept_code": ("部门预算编码", "Budget code"),
    "form.project_funds": ("项目资金", "Project funds"),
    "form.year_funds": ("年度资金", "Annual funds"),
    "form.year_total": ("年度资金总额", "Annual total"),
    "form.total_funds": ("资金总额", "Total funds"),
    "form.fiscal_year": ("其中：当年财政拨款", "of which this year's appropriation"),
    "form.fiscal_grant": ("其中：财政拨款", "of which appropriation"),
    "form.carryover": ("上年结转资金", "Carried over"),
    "form.period_total": ("实施期资金总额", "Total over the period"),
    "form.use": ("资金用途", "Use of funds"),
    "form.year_goals": ("年度总体目标", "Overall annual goals"),
    "form.expected_goals": ("预期目标", "Expected"),
    "form.outcome": ("实际完成情况", "Achieved"),
    "form.period_goals": ("中期目标", "Medium-term goals"),
    "form.annual_goals": ("年度目标", "Annual goals"),
    "form.indicators": ("绩效指标", "Indicators"),
    "form.period_block": ("中期绩效指标", "Medium-term indicators"),
    "form.annual_block": ("年度绩效指标", "Annual indicators"),
    "form.annual_value": ("年度指标值", "Annual target"),
    "form.explanation": ("指标解释", "Explanation"),
    "form.goal_value": ("目标值", "Target"),
    "form.weight_pct": ("权重", "Weight"),
    "form.remark": ("备注", "Remark"),
    "form.reason": ("偏差原因", "Reason for deviation"),
    "form.expected": ("全年预计完成情况", "Expected by year end"),
    "form.likelihood": ("完成目标可能性", "Likelihood"),
    "form.measure": ("纠偏措施", "Measures"),
    "form.adjusted": ("全年预算数", "Annual budget"),
    "form.findings": ("检查结果", "Check results"),
    "form.no_findings": ("未发现问题。", "No findings."),
    "form.table_findings": ("整表问题", "Table-level findings"),
    # table page
    "table.edit": ("编辑目标", "Edit targets"),
    "table.export": ("导出", "Export"),
    "table.history": ("审核记录", "Review history"),
    "table.version": ("版本", "Version"),
    "table.source": ("来源", "Source"),
    "table.no_history": ("暂无记录。", "No history yet."),
    "wf.title": ("审核", "Review"),
    "wf.submit": ("提交审核", "Submit for review"),
    "wf.return": ("退回", "Return"),
    "wf.approve": ("批复通过", "Approve"),
    "wf.comment": ("审核意见", "Comment"),
    "wf.comment_required": ("退回时请填写审核意见。", "A comment is required to return a table."),
    "wf.done": ("状态已更新为「{state}」。", "State changed to “{state}”."),
    "wf.by": ("操作人", "By"),
    "wf.import": ("导入", "Imported"),
    "wf.create": ("创建", "Created"),
    "wf.update": ("修改", "Edited"),
    "wf.reopen": ("重新打开", "Reopened"),
    "wf.delete": ("删除", "Deleted"),
    "form.row": ("第{n}行", "row {n}"),
    "wf.at": ("时间", "When"),
    "wf.action": ("操作", "Action"),
    # editor
    "ed.title": ("编辑绩效目标", "Edit performance targets"),
    "ed.add": ("添加指标", "Add indicator"),
    "ed.remove": ("删除", "Remove"),
    "ed.up": ("上移", "Move up"),
    "ed.down": ("下移", "Move down"),
    "ed.save": ("保存", "Save"),
    "ed.cancel": ("返回", "Back"),
    "ed.saved": ("已保存（版本 {v}）。", "Saved (version {v})."),
    "ed.conflict": (
        "保存失败：此表已被他人修改（当前版本 {v}）。请刷新页面后重新编辑。",
        "Not saved: someone else changed this table (now version {v}). Reload and edit again.",
    ),
    "ed.live": ("实时检查", "Live check"),
    "ed.purpose": ("资金用途", "Use of funds"),
    "ed.goals": ("年度目标（每行一项）", "Annual goals (one per line)"),
    "ed.readonly": ("此表当前状态不可编辑。", "This table cannot be edited in its current state."),
    "new.title": ("新建绩效目标表", "New target table"),
    "new.create": ("创建并编辑", "Create and edit"),
    "new.required": ("请填写项目名称和单位编码。", "Fill in the project name and the unit code."),
    # import / export
    "imp.title": ("导入文件", "Import files"),
    "imp.drop": (
        "将文件拖到此处，或点击选择文件（.docx .xlsx .xls .html .pdf .txt .md，可多选）",
        "Drop files here or click to choose (.docx .xlsx .xls .html .pdf .txt .md; several at once)",
    ),
    "imp.choose": ("选择文件", "Choose files"),
    "imp.upload": ("上传", "Upload"),
    "imp.results": ("导入结果", "Results"),
    "imp.file": ("文件", "File"),
    "imp.result": ("结果", "Result"),
    "imp.ok": ("已导入 {n} 张表、{m} 项指标", "{n} tables, {m} indicators imported"),
    "imp.more": ("仅列出前 {n} 张，共 {total} 张", "The first {n} of {total} tables are listed"),
    "imp.duplicate": ("此文件已导入过", "Already imported"),
    "imp.failed": ("导入失败", "Failed"),
    "imp.too_large": (
        "文件过大：{name} 超过 {limit} 的上限，未导入。",
        "File too large: {name} is over the {limit} limit; not imported.",
    ),
    "imp.uploading": ("正在上传…", "Uploading…"),
    "imp.empty": ("未导入：文件中没有找到绩效表", "Nothing imported: no performance table in the file"),
    "exp.title": ("导出", "Export"),
    # errors
    "err.title": ("出错了", "Something went wrong"),
    "err.403": ("您没有权限查看此页面。", "You are not allowed to see this page."),
    "err.404": ("没有找到此页面或记录。", "Page or record not found."),
    "err.csrf": ("表单已过期，请刷新页面后重试。", "The form has expired; reload the page and try again."),
    "err.back": ("返回首页", "Back to the dashboard"),
}


def add_messages(messages: Mapping[str, tuple[str, str]]) -> None:
    """Register more ``key: (中文, English)`` messages (for pages added later)."""
    _MESSAGES.update(messages)


def pick_lang(query: str | None, cookie: str | None) -> str:
    """The page language: the query parameter, else the cookie, else Chinese."""
    for candidate in (query, cookie):
        if candidate in LANGS:
            return candidate
    return DEFAULT_LANG


def translate(lang: str, key: str, **fields: object) -> str:
    """The message ``key`` in ``lang`` with ``{fields}`` filled in; the key when unknown."""
    pair = _MESSAGES.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**fields) if fields else text


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **fields)`` bound to one language, for templates."""

    def t(key: str, **fields: object) -> str:
        return translate(lang, key, **fields)

    return t


_FORM_PREFIXES = ("form.", "money.", "col.", "mon.")


def english_of_form_labels() -> dict[str, str]:
    """The English of the labels and headers the official forms print (their Chinese text →
    the catalogue's English), for forms shown on an English page."""
    out: dict[str, str] = {}
    for key, (zh, en) in _MESSAGES.items():
        if key.startswith(_FORM_PREFIXES) and "{" not in zh:
            out.setdefault(zh, en)
    return out


def keys() -> list[str]:
    return sorted(_MESSAGES)
