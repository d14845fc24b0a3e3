"""The indicator grid: header row → column roles; data rows → :class:`Indicator` objects.

Handles the layouts of LAYOUTS.md: 一级|二级|三级|描述|指标值 (A0), separate
指标性质/指标值/度量单位 columns (A3, C2), 长期 and 年度 halves side by side (A2),
a second 二级 column that really holds the 三级 name (A6), self-evaluation
columns (C1–C4), and the flat multi-project grid (A3) with its
单位名称/项目名称/预算数/年度目标 columns.  Empty 一级/二级 cells are filled down
(merged-cell recovery for formats that lose merges).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from ..blocks import Cell
from ..model import Indicator, Value
from ..taxonomy import categorize
from ..values import BLANKS, is_blank, join_columns, normalize_text, parse_amount, parse_value
from .content import is_placeholder, level_key, name_and_value, qualifier
from .evidence import ROLE_NAMES, Note
from .meaning import WEAK, meaning
from .rows import SHOWN, Row, shown
from .vocabulary import FLAT_ROLES, column_role, label_key, level_name, unnumbered

_INDICATOR_ROLES = (
    "name",
    "target",
    "op",
    "unit",
    "actual",
    "weight",
    "score",
    "deviation",
    "direction",
    "remark",
    "description",
)


@dataclass(slots=True)
class Group:
    """The columns of one period (annual or period) of the grid.  Once rows are read
    (:meth:`reading`), ``cols`` changes only through :meth:`set_col`."""

    period: str
    cols: dict[str, int] = field(default_factory=dict)
    _reading: _Reading | None = field(default=None, compare=False, repr=False)

    def reading(self) -> _Reading:
        """The columns :func:`parse_row` reads, looked up once for every row of the grid (a dozen
        look-ups a row were ~10% of reading a grid row): 二级, name, target, whether a 指标性质 or
        度量单位 column joins the target, and the columns of :data:`_OPTIONAL_ROLES`."""
        if self._reading is None:
            get = self.cols.get
            joined = "op" in self.cols or "unit" in self.cols or "direction" in self.cols
            self._reading = (
                get("level2"),
                get("name"),
                get("target"),
                joined,
                tuple(map(get, _OPTIONAL_ROLES)),
            )
        return self._reading

    def set_col(self, role: str, col: int) -> None:
        self.cols[role] = col
        self._reading = None

    def replace(self, cols: dict[str, int]) -> None:
        """All the columns at once (as settled by content, columns.py)."""
        self.cols = dict(cols)
        self._reading = None


# (level2, name, target, joined, optional columns): see Group.reading
_Reading = tuple[int | None, int | None, int | None, bool, tuple[int | None, ...]]


class Head(NamedTuple):
    """One header cell of the grid: where, how wide, the role its text means and how sure
    (1.0 from the vocabulary, else the fuzzy score; no role: not understood), and the text.
    (A tuple: one is made for every header cell of every grid.)"""

    col: int
    span: int
    role: str | None
    score: float
    text: str


@dataclass(slots=True)
class GridSpec:
    level1: int | None
    groups: list[Group]
    flat: dict[str, int]
    header_cells: set[int]
    header_ids: set[int] = field(default_factory=set)
    heads: list[Head] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # how its columns were read, which rows were dropped
    entities: list[tuple[int, str]] = field(default_factory=list)  # a wide grid's value columns (columns.py)
    plain: bool = False  # every header cell a vocabulary label of its own role over one column
    where: str | None = None  # the header row
    last1: str | None = None
    last2: dict[str, str | None] = field(default_factory=dict)
    level_weights: dict[str, float] = field(default_factory=dict)
    data_rows: int = 0

    @property
    def is_flat(self) -> bool:
        return "f_project" in self.flat


def detect_header(row: Row, default_period: str = "annual") -> GridSpec | None:
    """A grid header row → its GridSpec, or None when the row is not one."""
    if not row.grid_hint():
        return None  # a grid header names 一级/二级/三级指标 or 指标内容/指标名称: a cheap first test
    cells = row.distinct()
    roles: list[tuple[int, str, str | None]] = []
    flat: dict[str, int] = {}
    found: list[tuple[int, Cell, str | None, float]] = []  # (col, cell, role, score) of each header cell
    plain = True  # every cell a vocabulary label (the header needs no second look, columns.py)
    fuzzy = 0.0
    for col, cell, _ in cells:
        key = label_key(cell.text)
        flat_role = FLAT_ROLES.get(key) or FLAT_ROLES.get(unnumbered(key))
        if flat_role:
            flat[flat_role] = col
            continue
        role, period = column_role(cell.text)
        score = 1.0
        if role is None:  # not in the vocabulary: by meaning (年度数值, 考值参分, 评价内容)
            m = meaning("column", cell.text, WEAK)
            role, period, score = m.role, m.period, m.score
        if key:
            found.append((col, cell, role, score))
            if score < 1.0 or (cell.colspan > 1 and role in ("level1", "target")):
                plain = False
                if role:
                    fuzzy += 1.0 - score
        if role:
            roles.append((col, role, period))
    names = [r for _, r, _ in roles]
    if "name" not in names and any(r == "level2" and _span(row, c) >= 2 for c, r, _ in roles):
        names.append("name")  # A6: 二级 over two columns names the 三级 one under it too
    if "level1" not in names and not ("level2" in names and ("name" in names or "target" in names)):
        if not ("name" in names and ("target" in names or "op" in names or "unit" in names)) and not (
            "op" in names
            and "target" in names  # 指标性质 | 指标值: an indicator grid whatever else it prints
        ):
            # 三级指标 | 描述 | 指标值 with no level columns (指标名称 | 计量单位 | 指标性质 | <blank>: D/C)
            return None
    # 一级 | 二级 with the 三级 and 指标值 headers left blank: a header all the same, the blank-headed
    # columns settled by content (columns.py)
    unnamed = (
        "level1" in names
        and "level2" in names
        and "name" not in names
        and "target" not in names
        and sum(not cell.text.strip() for _, cell, _ in cells) >= 2
    )
    if len({r for r in names if r != "ignore"}) < 3 and not unnamed:
        return None
    if "target" not in names and "name" not in names and names.count("level2") < 2 and not unnamed:
        if not any(r == "level2" and _span(row, c) >= 2 for c, r, _ in roles):
            return None  # (A6's 二级 over two columns names the 三级 one too; the 指标值 header may be blank)
    if len(names) - fuzzy < (1.5 if unnamed else 2.5):
        return None  # a row of fuzzy lookalikes is not a header
    level1 = next((c for c, r, _ in roles if r == "level1"), None)
    groups: dict[str, Group] = {}
    order: list[str] = []
    marked = any(period for _, _, period in roles)
    halves: list[Group] = [Group(default_period)]
    for col, role, period in roles:
        if role in ("level1", "ignore"):
            continue
        if not marked:
            # A2 without period marks: 二级 | 三级 | 指标值(或计划水平) | 二级 | 三级 | 计划指标值 — a role
            # printed again opens the second (年度) half; the first is the 中期 one
            g = halves[-1]
            if role == "level2" and "level2" in g.cols and "name" not in g.cols:
                role = "name"  # A6: a second 二级 column holds the indicator name
            if role in g.cols and role in ("level2", "name", "target"):
                halves.append(g := Group("annual"))
            g.cols.setdefault(role, col)
            continue
        p = period or default_period
        if p not in groups:
            groups[p] = Group(p)
            order.append(p)
        g = groups[p]
        if role == "level2" and "level2" in g.cols and "name" not in g.cols:
            role = "name"  # A6: a second 二级 column holds the indicator name
        g.cols.setdefault(role, col)
    if not marked:
        if len(halves) == 2 and all(len({"level2", "name", "target"} & set(h.cols)) >= 2 for h in halves):
            halves[0].period = "period"
            halves = halves[:2]
        else:
            for h in halves[1:]:
                for role, col in h.cols.items():
                    halves[0].cols.setdefault(role, col)
            halves = halves[:1]
        groups = {h.period: h for h in halves}
        order = [h.period for h in halves]
    for g in groups.values():
        # A6: 二级指标 printed over two columns (二级 and the indicator name under it)
        l2 = g.cols.get("level2")
        if l2 is not None and "name" not in g.cols and _span(row, l2) >= 2:
            g.cols["name"] = l2 + 1
    ordered = [groups[p] for p in order]
    if len(ordered) > 1:
        _blank_names(ordered, {col for col, cell, _ in cells if not cell.text.strip()})
        # 三级指标 | 实施期指标值 | 年度指标值: the halves share the columns only one of them prints
        shared: dict[str, int] = {}
        for g in ordered:
            for role in ("level2", "name", "description"):
                if role in g.cols:
                    shared.setdefault(role, g.cols[role])
        for g in ordered:
            for role, col in shared.items():
                g.cols.setdefault(role, col)
        ordered.sort(key=lambda g: g.cols.get("target", min(g.cols.values(), default=0)))
    spec = GridSpec(level1, ordered, flat, {c for c, _, _ in cells})
    spec.header_ids = {id(c) for c in row.cells if c is not None}
    spec.where = row.source
    spec.plain = (
        plain
        and len({r for _, _, r, _ in found}) == len(found)
        and all("target" in g.cols and "name" in g.cols for g in ordered)  # else settled by content
    )
    if not spec.plain:  # (the heads are looked at again only then: columns.py)
        spec.heads = heads = [
            Head(c, cell.colspan, r, sc, normalize_text(cell.text)) for c, cell, r, sc in found
        ]
    if not plain:
        spec.notes = [
            Note("meaning", f"「{h.text}」→ {ROLE_NAMES.get(h.role, h.role)} ({h.score:.2f})", row.source)
            for h in heads
            if h.role and h.score < 1.0
        ]
    return spec


def _blank_names(groups: list[Group], blank: set[int]) -> None:
    """A half (长期 | 年度, A2) with its own 二级 and blank header cells next to its columns: those
    columns are the half's 三级 (and 指标值, when that header is blank too), left to right — never
    the other half's names read twice.  Wherever the unit printed them: between 二级 and 指标值,
    after the 指标值, or before it with the levels printed last.  A blank column inside another
    half's columns is that half's."""
    for g in groups:
        missing = [role for role in ("name", "target") if role not in g.cols]
        if "level2" not in g.cols or "name" not in missing:
            continue
        others = [(min(h.cols.values()), max(h.cols.values())) for h in groups if h is not g and h.cols]
        free = {c for c in blank if not any(lo <= c <= hi for lo, hi in others)}
        near = set(g.cols.values())
        taken: set[int] = set()
        while grow := {c for c in free - taken if c - 1 in near or c + 1 in near}:
            taken |= grow  # the run of blank columns next to the half's own
            near |= grow
        if len(taken) == len(missing):
            g.cols.update(zip(missing, sorted(taken), strict=True))


def _span(row: Row, col: int) -> int:
    cell = row.cells[col]
    n = 1
    while col + n < len(row.cells) and row.cells[col + n] is cell:
        n += 1
    return n


def _text(row: Row, col: int | None) -> str | None:
    """Text at a column, whitespace collapsed, or None for blanks and placeholders."""
    return _text_at(row.cells, col)


def _text_at(cells: list[Cell | None], col: int | None) -> str | None:
    """:func:`_text` of a row's cells (the hot path: a dozen calls per indicator row)."""
    if col is None or col >= len(cells):
        return None
    cell = cells[col]
    if cell is None:
        return None
    text = cell.text
    return (SHOWN.get(text) or shown(text))[0]  # (the row stream's: whitespace collapsed, None when blank)


def _direction(text: str | None, target: Value) -> str | None:
    if not text:
        return None
    if "正" in text:
        return "positive"
    if "反" in text or "逆" in text:
        return "negative"
    return None


def _qualifiers(cells: list[Cell | None], cols: dict[str, int]) -> tuple[str | None, str | None]:
    """The comparator and the direction the qualifying columns of a row hold (指标性质 = 正向 and
    指标方向 = ``=`` in one Inner Mongolia form): each cell by its content.  A text no qualifier
    reads is kept as the comparator, as printed."""
    op: str | None = None
    direction: str | None = None
    for role in ("op", "direction"):
        text = _text_at(cells, cols.get(role))
        if text is None:
            continue
        q = qualifier(text)
        if q is None:
            if role == "op" and op is None:
                op = text
        elif q[0] == "op":
            op = text
        elif q[0] == "direction":
            direction = q[1]
    return op, direction


def parse_row(spec: GridSpec, row: Row) -> list[Indicator]:
    """One data row → its indicators (zero when the row names no indicator)."""
    out: list[Indicator] = []
    if _continues_header(spec, row) or (not spec.data_rows and _all_labels(row)):
        _learn_subheader(spec, row)
        return out  # the second row of a two-row header (e.g. 偏差原因 → 经费保障 | 制度保障 …)
    spec.data_rows += 1
    cells = row.cells
    width = len(cells)
    col = spec.level1
    if col is not None and col < width and (cell := cells[col]) is not None:
        raw1 = normalize_text(cell.text)
        if raw1 not in BLANKS:
            if raw1 != spec.last1 or (row.fresh[col] and cell.rowspan > 1):
                spec.last2 = {}  # a new 一级 group: 二级 does not carry over (一级 repeated on every row keeps it)
            spec.last1 = raw1
    level1, w1 = level_name(spec.last1)
    if level1 and w1 is not None:
        spec.level_weights[level1] = w1
    last2 = spec.last2
    for group in spec.groups:
        period = group.period
        col, name_col, target_col, joined, optional = group.reading()
        if col is not None:
            raw2 = _text_at(cells, col)
            if raw2 is not None:
                last2[period] = raw2
            elif period not in last2:
                last2[period] = None
        level2, w2 = level_name(last2.get(period))
        if level2 and w2 is not None:
            spec.level_weights[level2] = w2
        name = _text_at(cells, name_col)
        if spec.entities:
            out.extend(_entity_indicators(spec, row, level1, level2, name, period))
            continue
        description, weight, score, actual, deviation, direction, remark = optional
        actual_text = None if actual is None else _text_at(cells, actual)
        direction_word = None
        value_text = _text_at(cells, target_col)
        if target_col is None and name is not None:
            name, value_text = name_and_value(name)  # 培训人数：≥100人, and no 指标值 column
        if joined:
            # 指标性质 / 计算符号 / 指标方向 are read by what they hold: a comparator joins the value,
            # 正向/反向 is the direction, 定量/定性 the kind (DESIGN.md); 度量单位 joins a bare number
            op_text, direction_word = _qualifiers(cells, group.cols)
            unit = _text_at(cells, group.cols.get("unit"))
            target_text = join_columns(op_text, value_text, unit) or None
            if actual_text is not None and unit is not None:
                actual_text = join_columns(None, actual_text, unit) or None
        else:
            target_text = value_text
        if name is None and target_text is None:
            continue
        if name is not None and name == level2 and target_text is None:
            continue
        if target_text is None and actual_text is None and is_placeholder(name):
            spec.notes.append(Note("placeholder", f"「{name}」", row.source))
            continue  # a template row (指标2: with nothing after it): not an indicator
        if name is None and actual_text is None and is_placeholder(target_text):
            spec.notes.append(Note("placeholder", f"「{target_text}」", row.source))
            continue  # … printed under another column (a row left out of a reordering)
        target = parse_value(target_text) if target_text else Value()
        if direction is not None:
            direction_word = _direction(_text_at(cells, direction), target) or direction_word
        cat1, cat2 = _categorize_printed(level1, level2)
        out.append(
            Indicator(  # by position, in the order of Indicator's fields: keywords cost as much again
                level1,
                level2,
                cat1,
                cat2,
                name,
                None if description is None else _text_at(cells, description),
                period,
                target,
                None if weight is None else _number_at(cells, weight),
                None if score is None else _number_at(cells, score),
                parse_value(actual_text) if actual_text else None,
                None if deviation is None else _text_at(cells, deviation),
                direction_word,
                None if remark is None else _text_at(cells, remark),
                row.source,
            )
        )
    return out


def _entity_indicators(
    spec: GridSpec, row: Row, level1: str | None, level2: str | None, name: str | None, period: str
) -> list[Indicator]:
    """A wide grid's row (one value column per village, town or unit: columns.py): one indicator
    per entity column, named with the entity."""
    out = []
    cat1, cat2 = _categorize_printed(level1, level2)
    for col, entity in spec.entities:
        text = _text_at(row.cells, col)
        if text is None:
            continue
        label = f"{name}({entity})" if name else entity
        out.append(
            Indicator(
                level1, level2, cat1, cat2, label, period=period, target=parse_value(text), source=row.source
            )
        )
    return out


# The columns most grids leave out: looked up at once, their texts only read when present.
_OPTIONAL_ROLES = ("description", "weight", "score", "actual", "deviation", "direction", "remark")


@lru_cache(maxsize=4096)
def _categorize_printed(level1: str | None, level2: str | None) -> tuple[str | None, str | None]:
    return categorize(level1 and level_key(level1), level2 and level_key(level2))


def _continues_header(spec: GridSpec, row: Row) -> bool:
    cells = row.cells
    width = len(cells)
    ids = spec.header_ids  # (of the header's Cells, alive while the rows are: never None's id)
    for group in spec.groups:
        _, col, target, _, _ = group.reading()
        if col is not None and col < width and id(cells[col]) in ids:
            return True
        if target is not None and target < width and id(cells[target]) in ids:
            return True
    return False


_SUB_ROLES = (
    "op",
    "target",
    "unit",
    "actual",
    "weight",
    "score",
    "deviation",
    "description",
    "remark",
    "direction",
)


def _all_labels(row: Row) -> bool:
    """A row of column labels only (a second header row whose merges were lost)."""
    cells = row.cells
    labels = False
    for col, _ in row.heads:  # (asked of every grid's first row, a data row: its first text tells)
        text = cells[col].text  # type: ignore[union-attr]  # (a head is never empty)
        if is_blank(text):
            continue
        if column_role(text)[0] is None:
            return False
        labels = True
    return labels


def _learn_subheader(spec: GridSpec, row: Row) -> None:
    """The second header row names sub-columns of a spanning label (指标值 → 指标性质 | 指标值 | 度量单位)."""
    for col, cell, _ in row.distinct():
        if id(cell) in spec.header_ids:
            continue
        spec.header_ids.add(id(cell))
        role, _ = column_role(cell.text)
        if role not in _SUB_ROLES or not spec.groups:
            continue
        group = spec.groups[0]
        for g in spec.groups:  # the half whose columns start at or before this one
            if min(g.cols.values(), default=0) <= col:
                group = g
        group.set_col(role, col)


def score_column(spec: GridSpec) -> int | None:
    """The 得分 column of the grid (for a 合计/总分 row), if any."""
    return next((g.cols["score"] for g in spec.groups if "score" in g.cols), None)


def _number_at(cells: list[Cell | None], col: int | None) -> float | int | None:
    t = _text_at(cells, col)
    if t is None:
        return None
    n = parse_amount(t)
    if n is None:
        return None
    return int(n) if float(n).is_integer() and "." not in t else n


def flat_fields(spec: GridSpec, row: Row) -> dict[str, str | None]:
    """The per-project columns of a flat grid row (单位名称/项目名称/预算数/年度目标)."""
    out: dict[str, str | None] = {}
    for role, col in spec.flat.items():
        t = row.text(col)
        out[role] = None if is_blank(t) else normalize_text(t)
        if role == "f_goal" and out[role] is not None:
            out[role] = row.raw(col)  # (its lines tell where numbered goals start: split_goals)
    # a subtotal row: the unit cell spans the project column too
    unit_col, project_col = spec.flat.get("f_unit"), spec.flat.get("f_project")
    if unit_col is not None and project_col is not None:
        if 0 <= project_col < len(row.cells) and row.cells[project_col] is row.cells[unit_col]:
            out["f_project"] = None
    return out


def flat_has_indicator(spec: GridSpec, row: Row) -> bool:
    """Whether a flat-grid row carries an indicator (a 三级 name or a value), not only project cells."""
    return any(_text(row, g.cols.get(role)) is not None for g in spec.groups for role in ("name", "target"))


def same_columns(a: GridSpec, b: GridSpec) -> bool:
    """Two header rows naming the same columns (a header repeated on the next page)."""
    return (
        a.level1 == b.level1
        and a.flat == b.flat
        and [(g.period, g.cols) for g in a.groups] == [(g.period, g.cols) for g in b.groups]
    )
