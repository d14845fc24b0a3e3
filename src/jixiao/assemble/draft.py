"""A domain table under construction: raw header values gathered row by row, built at the end."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Funds, Goals, Indicator, Party, Project, Table
from ..script import fold_script
from ..text import bi
from ..values import is_blank, normalize_text, parse_amount
from .evidence import Note, Tally, tally
from .fields import money_unit_of, parse_rate, split_code, split_numbered, year_of


@dataclass
class Draft:
    title: str | None = None
    year: int | None = None
    year_in_title: bool = False  # the year is a ``YYYY年`` of the title (may belong to the project name)
    unit_code: str | None = None
    unit_name: str | None = None
    dept_code: str | None = None
    dept_name: str | None = None
    project_raw: str | None = None
    money_unit: str | None = None
    money: dict[str, str | None] = field(default_factory=dict)
    selfeval_funds: dict[str, dict[str, str | None]] = field(default_factory=dict)
    purpose: str | None = None
    goals: Goals = field(default_factory=Goals)
    outcome: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    level_weights: dict[str, float] = field(default_factory=dict)
    total_score: str | None = None
    grade: str | None = None
    section: str | None = None
    grid_seen: bool = False
    dept_table: bool = False
    project_row: bool = False  # a 项目名称 label was read, with a name or blank
    dept_labels: bool = False  # a label only a 部门整体 form prints (年度主要任务, 部门职责 …: header.py)
    has_fields: bool = False
    notes: list[Note] = field(default_factory=list)  # what was worked out, for warnings and confidence
    prose: list[str] = field(default_factory=list)  # the paragraphs read while this table was current
    counted: Tally | None = None  # what the indicators show (evidence.tally), once built
    goal_numbers: dict[str, int] = field(default_factory=dict)  # how far each goal list has counted

    @property
    def started(self) -> bool:
        return bool(self.indicators or self.has_fields or self.grid_seen)

    # ---- setters -------------------------------------------------------------
    def set_party(self, which: str, text: str | None) -> None:
        code, name = split_code(text)
        if which == "unit":
            self.unit_code = code or self.unit_code
            self.unit_name = name
        else:
            self.dept_code, self.dept_name = code, name

    def add_goals(self, role: str, text: str) -> None:
        items, self.goal_numbers[role] = split_numbered(text, self.goal_numbers.get(role, 0))
        (self.goals.period if role == "period" else self.goals.annual).extend(items)

    def set_field(self, field_name: str, value: str | None) -> None:
        if field_name == "note":
            self.section = None  # 项目类型 / 立项依据 …: not a field; ends a goals or budget section
            return
        self.has_fields = True
        self.section = (
            "goals"
            if field_name in ("goals", "goals_period")
            else ("budget" if field_name in _MONEY else self.section)
        )
        if field_name == "project":
            self.project_raw = value
            self.project_row = True
        elif field_name == "unit":
            if value and not is_blank(value) and self.unit_name is None:
                # the first unit printed wins: 预算单位 (the filer, often above the table) over the
                # 实施单位 inside it
                code, name = split_code(value)
                self.unit_name = name
                if code:
                    self.unit_code = code
        elif field_name == "unit_code":
            if value and not is_blank(value):
                self.unit_code = normalize_text(value)
        elif field_name == "department":
            if value and not is_blank(value):
                self.dept_code, self.dept_name = split_code(value)
        elif field_name in _MONEY:
            if value is not None and self.money_unit is None and ("万" in value):
                self.money_unit = money_unit_of(f"({value.strip()[-2:]})") or "万元"
            self.money[field_name] = value
        elif field_name == "purpose":
            if value and not is_blank(value) and not _CHECKBOX.search(value):  # A7: a checkbox list
                self.purpose = normalize_text(value)
        elif field_name == "goals":
            if value:
                self.add_goals("annual", value)
        elif field_name == "goals_period":
            if value:
                self.add_goals("period", value)
        elif field_name == "year":
            year = year_of(f"{value}年") if value and not is_blank(value) else None
            if year is not None and self.year is None:
                self.year = year
        elif field_name == "outcome":
            if value and not is_blank(value):
                self.outcome = normalize_text(value)
        elif field_name == "funds_weight":
            self.money["weight"] = value
        elif field_name == "total_score":
            self.total_score = value
        elif field_name == "grade":
            self.grade = normalize_text(value) if value and not is_blank(value) else None
        if field_name == "unit" and self.project_raw is None and not self.project_row:
            self.dept_table = (
                True  # a unit before any 项目名称 row (a blank 项目名称 still names a 项目 table)
            )

    # ---- build -----------------------------------------------------------------
    def department(self) -> tuple[bool, Note | None]:
        """Whether this is a 部门整体 table, and a note where the evidence is missing or conflicts.

        The title is one piece of evidence (部门整体, 整体支出, 整体绩效 — or 项目); what the form
        holds is the other: a unit printed before any 项目名称 row, a label only 部门整体 forms print
        (年度主要任务, 部门职责, 部门(单位)名称 …), 一级 names of the 部门整体 frameworks (履职效能,
        管理效率 …), or a 主管部门 with no 项目名称 row at all.  A project form names its project."""
        title = fold_script(self.title or "")
        said = "部门整体" in title or "整体支出" in title or "整体绩效" in title
        project_title = not said and "项目" in title
        holds = self.project_raw is None and (
            self.dept_table
            or self.dept_labels
            or (self.dept_name is not None and not self.project_row)
            or any(_DEPARTMENT_LEVEL.match(i.level1 or "") for i in self.indicators)
        )
        named = self.project_raw is not None and not is_blank(self.project_raw)
        if said and named:
            return True, _kind_note(
                "标题为部门整体表，但表中填有项目名称", "the title says 部门整体, but a project is named"
            )
        if project_title and holds:
            return False, _kind_note(
                "标题为项目表，但表中内容像部门整体表", "the title says 项目, but the form reads as 部门整体"
            )
        if not said and holds:
            return True, _kind_note(
                "标题未说明，按表中内容判断为部门整体表", "no title says so: 部门整体 by what the form holds"
            )
        return said or holds, None

    def kind(self, department: bool | None = None) -> str:
        title = fold_script(self.title or "")
        selfeval = "自评" in title or "评价表" in title or bool(self.selfeval_funds) or self.tally().measured
        if department is None:
            department = self.department()[0]
        if "监控" in title:
            return "monitoring"
        if selfeval:
            return "department_selfeval" if department else "project_selfeval"
        return "department_target" if department else "project_target"

    def take_prose(self) -> None:
        """Fields its paragraphs state that its tables left empty (prose.py: 预算数, 总分, 等级)."""
        if not self.prose:
            return
        from . import prose  # (imported with the first paragraph: a spreadsheet of tables has none)

        for text in self.prose:
            found = prose.fields(text)
            if found.total is not None and self.money.get("total") is None and not self.selfeval_funds:
                self.money["total"] = str(found.total)
                self.money_unit = self.money_unit or found.money_unit
            if found.total_score is not None and self.total_score is None:
                self.total_score = str(found.total_score)
            if found.grade is not None and self.grade is None:
                self.grade = found.grade

    def tally(self) -> Tally:
        """What the indicators show (counted once, when the table is built)."""
        if self.counted is None:
            self.counted = tally(self.indicators)
        return self.counted

    def build(self, index: int) -> Table:
        self.take_prose()
        self.counted = None
        overall, note = self.department()
        kind = self.kind(overall)
        if note is not None:
            self.notes.append(Note(note.kind, note.detail, f"表{index}"))
        funds = self.build_funds()
        project = None
        if not kind.startswith("department"):
            code, name = split_code(self.project_raw, glued=False) if self.project_raw else (None, None)
            project = Project(name=name, code=code)
        department = Party(self.dept_code, self.dept_name) if (self.dept_name or self.dept_code) else None
        score = parse_amount(self.total_score)
        year = self.year
        if (
            year is not None
            and self.year_in_title
            and self.project_raw
            and re.search(rf"(?<!^){year}\s*年", self.project_raw.strip())
        ):
            # 某项目-2025年债券利息: the year names the project, not the table (a name that starts with
            # its year, 2023年某某项目, is that year's project)
            year = None
        return Table(
            kind=kind,
            title=self.title,
            year=year,
            unit=Party(self.unit_code, self.unit_name),
            department=department,
            project=project,
            money_unit=self.money_unit,
            funds=funds,
            purpose=self.purpose,
            goals=self.goals,
            outcome=self.outcome,
            indicators=self.indicators,
            total_score=score,
            grade=self.grade,
            source=f"表{index}",
            level_weights=dict(self.level_weights),
        )

    def build_funds(self) -> Funds:
        m = {k: _in_unit(v, self.money_unit) for k, v in self.money.items()}
        f = Funds()
        if m.get("total_current") is not None:
            f.total = m["total_current"]
            f.period_total = m.get("period_total")
        else:
            f.total = m.get("total") if m.get("total") is not None else m.get("period_total")
            if m.get("total") is not None:
                f.period_total = m.get("period_total")
        f.fiscal = m["fiscal"] if "fiscal" in m else m.get("fiscal_any")
        f.other = m["other"] if "other" in m else m.get("other_any")
        f.carryover = m.get("carryover")
        weight = m.get("weight")
        f.weight = _maybe_int(weight) if weight is not None else None
        if self.selfeval_funds:
            rows = self.selfeval_funds
            total = rows.get("total", {})
            grid_total = _row_amount(total) if total else None
            f.total = (
                grid_total if grid_total is not None else f.total
            )  # else a 预算数 above the grid (dev/44)
            if "fiscal" in rows:
                f.fiscal = _row_amount(rows["fiscal"])
            if "other" in rows:
                f.other = _row_amount(rows["other"])
            if "carryover" in rows:
                f.carryover = _row_amount(rows["carryover"])
            f.initial = parse_amount(total.get("initial"))
            f.adjusted = parse_amount(total.get("adjusted"))
            f.executed = parse_amount(total.get("executed"))
            f.execution_rate = parse_rate(total.get("execution_rate"))
            f.weight = _maybe_int(parse_amount(total.get("weight")))
            f.score = _maybe_int(parse_amount(total.get("score")))
        return f


_WAN = re.compile(r"^[\d,.\s]+[万萬]")


def _in_unit(text: str | None, money_unit: str | None) -> float | None:
    """A money cell in the table's money unit: ``854万`` in a table printed in 元 is 8,540,000
    (the cell's own 万 outranks the label; in a 万元 table it is 854 as printed)."""
    amount = parse_amount(text)
    if amount is not None and money_unit in ("元",) and text is not None and _WAN.match(text.strip()):
        return round(amount * 10_000, 6)
    return amount


def _row_amount(row: dict[str, str | None]) -> float | None:
    """A money-grid row's budget: its 全年(调整后)预算数, or its 年初预算数 when the grid has no such column."""
    v = parse_amount(row.get("adjusted"))
    return v if v is not None or "adjusted" in row else parse_amount(row.get("initial"))


def _maybe_int(v: float | None) -> float | int | None:
    return int(v) if v is not None and float(v).is_integer() else v


_CHECKBOX = re.compile("[□☑☐■√✓✔]")
_MONEY = {"total", "total_current", "period_total", "fiscal", "fiscal_any", "other", "other_any", "carryover"}


# 一级 names of the 部门整体 frameworks (履职效能 | 管理效率 | 社会效应 | 可持续发展能力 …)
_DEPARTMENT_LEVEL = re.compile(r"^(履职效能|管理效率|社会效应|可持续发展能力|部门履职|履职目标)")


def _kind_note(zh: str, en: str) -> Note:
    return Note("kind", bi(zh, en))
