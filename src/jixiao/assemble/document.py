"""Blocks → Document: recognise the layouts of LAYOUTS.md and build domain tables.

The assembler walks a flat stream of rows (paragraphs are one-cell rows) with a
small state machine.  Each row is, in this order of precedence:

1. *lines* — a title (``N.<项目名>绩效目标表``), a unit line (``302101天津市…``),
   a money-unit line (``单位：万元``), a year line (``(2022年度)``); a title, or a
   unit line after a table has content, starts a new domain table;
2. a *grid header* (一级指标 | 二级指标 | …) → indicator-grid mode (grid.py);
3. a *funds header* (年初预算数 | 全年预算数 | …) → self-evaluation money grid (funds.py);
4. a *goals header* (预期目标 | 实际完成情况, 中期目标 | 年度目标) → the next row's texts;
5. a *cost block* (项目预算成本构成 | 金额) → its 合计 gives the budget;
6. otherwise label/value pairs of the header block (项目名称 | X | 实施单位 | Y, ``项目名称：X``,
   or labels over their values on the next row), see header.py.

A 项目名称 (or 部门(单位)名称, 单位：万元, a year line) after a finished grid starts the next table
even without a title; a flat multi-project grid (A3) starts one per project.

It knows nothing of file formats: every reader's Blocks go through here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..blocks import Block, paused_gc
from ..model import Document
from ..text import bi
from ..values import is_blank, normalize_text
from . import columns, evidence, merges, tables
from . import funds as fundsmod
from .content import level_category
from .draft import Draft
from .fields import (
    clean_title,
    is_money_unit_line,
    is_title,
    is_year_line,
    money_unit_of,
    split_money_unit,
    title_year,
    unit_line,
    year_of,
)
from .grid import (
    GridSpec,
    detect_header,
    flat_fields,
    flat_has_indicator,
    parse_row,
    same_columns,
    score_column,
)
from .header import field_of, is_label, label_row_fields, split_inline_pairs, take_below, take_pairs
from .kinds import COST_HEAD, COST_LABEL, FUNDS_HEAD, GOAL_HEAD, GRID_HEAD, goal_role
from .rows import Cursor, Row, iter_rows
from .vocabulary import (
    GRID_END,
    HEADER_KEYS,
    NOTE_LABELS,
    PERIOD_LINES,
    SECTIONS,
    label_key,
    level_name,
    unnumbered,
)

_IGNORED_LINES = ("报表编号", "附件", "表格编号")
_GLUED_TOTAL = re.compile(r"^(?:合计|总计|总分)[\d.]+$")
# Labels that head a department table (a new one when a grid came before).
_TABLE_HEADS = {"部门(单位)名称", "部门名称", "单位名称", "预算单位名称", "申报单位", "申报单位名称"}


class Assembler:
    def __init__(self) -> None:
        self.doc = Document()
        self.draft: Draft | None = None
        self.mode: str = "header"
        self.grid: GridSpec | None = None
        self.funds_cols: dict[int, str] = {}
        self.goal_cols: list[tuple[int, str]] = []
        self.aligner: merges.Aligner | None = None  # where a copied table's short rows go (merges.py)
        self.cost_col: int | None = None
        self.flat_key: tuple[str | None, str | None] | None = None
        self.context: dict[str, object] = {}
        self.department: str | None = None
        self.next_period = "annual"
        self.below: dict[int, str] = {}
        self.below_table = -1
        self.cursor = Cursor()
        self.paragraphs: list[tuple[str, str | None]] = []  # every paragraph, for prose targets
        self.caption: str | None = None  # a line naming targets right above a table, as printed
        self.table_at = 0  # the table whose rows are being read
        self.skipping = False  # whether it is kept as context (tables.py)
        self.heading = False  # its header (first row of two or more texts) is still to come

    # ---- drafts --------------------------------------------------------------
    def current(self) -> Draft:
        if self.draft is None:
            self.draft = Draft()
        return self.draft

    def finish(self) -> None:
        if self.draft is not None and self.draft.started:
            if self.grid is not None:
                self.take_notes(self.grid)
            table = self.draft.build(len(self.doc.tables) + 1)
            self.doc.tables.append(table)
            self.doc.warnings.extend(evidence.judge(table, self.draft.notes, self.draft.tally()))
        self.draft = None
        self.next_period = "annual"  # a 中期绩效指标 line does not carry into the next table
        self.mode = "header"
        self.grid = None

    # ---- lines ---------------------------------------------------------------
    def take_lines(self, row: Row) -> bool:
        texts = row.texts()
        if not texts:
            return True
        kinds: list[str] = []
        for t in texts:  # stop at the first text that is not a line (most rows: their first cell)
            kind = _line_kind(t)
            if kind is None:
                return False
            kinds.append(kind)
        for text, kind in zip(texts, kinds, strict=True):
            if kind == "title":
                if self.draft is not None and (self.draft.started or self.draft.title):
                    self.finish()
                d = self.current()
                text, unit = split_money_unit(text)
                if unit:
                    d.money_unit = unit
                d.title = clean_title(text)
                year = title_year(text)
                if year is not None:
                    d.year, d.year_in_title = year, not re.search(rf"{year}\s*年度", text)
                self.context = {"title": d.title, "year": d.year, "money_unit": d.money_unit}
            elif kind == "unit":
                if self.draft is not None and self.draft.started:
                    self.finish()
                d = self.current()
                text, unit = split_money_unit(text)  # 302101天津市人民政府外事办公室    单位：万元
                if unit:
                    d.money_unit = self.context["money_unit"] = unit
                code, name = unit_line(text) or (None, None)
                d.unit_code, d.unit_name = code, name
            elif kind in ("money", "year") and self.draft is not None and self.draft.indicators:
                self.finish()  # 单位：万元 / (2023年度) after a finished grid belongs to the next table
            if kind == "money":
                self.current().money_unit = money_unit_of(text)
                self.context["money_unit"] = self.current().money_unit
            elif kind == "year":
                d = self.current()
                year = year_of(text)
                if d.year is None or (d.year_in_title and year == d.year):
                    d.year, d.year_in_title = year, False  # a year line of its own names the table's year
                    self.context["year"] = d.year
        return True

    # ---- main loop -------------------------------------------------------------
    def feed(self, row: Row) -> None:
        below = self.below  # labels of the previous row, whose values may be on this one
        if below:
            self.below = {}
        texts = row.texts()
        if not texts:
            return
        if row.table_index != self.table_at or row.paragraph:  # (most rows: neither, tested at once)
            if self.opening(row, texts):
                return
        elif self.skipping:
            return  # a table kept as context
        elif self.heading and self.skips_table(row, texts):
            return
        elif self.heading and len(texts) == 1 and self.take_caption(texts[0]):
            return  # a caption across the table under other lines across it (a sheet's merged top rows)
        if below and self.below_table == row.table_index and take_below(self.current(), row, below):
            return
        if _line_kind(texts[0]) is not None and self.take_lines(row):
            return  # (a row whose first text is no line is not one: most rows, tested here at once)
        period = PERIOD_LINES.get(label_key(texts[0])) if len(texts) == 1 else None
        if period:
            self.next_period = period
            return
        kinds = row.kinds()  # (most rows could head nothing: the detectors are asked only when one could)
        spec = detect_header(row, self.next_period) if kinds & GRID_HEAD and not self.in_header(row) else None
        if spec is not None and self.mode == "grid" and self.grid is not None and not self.grid.data_rows:
            if spec.level1 is None and not any("name" in g.cols or "level2" in g.cols for g in spec.groups):
                spec = None  # 指标性质 | 指标值 | 度量单位 under the header: its second row, not a grid of its own
        if spec is not None:
            if row.merges_dropped:  # copied text: the header's lost spans back, the rows under it aligned
                ahead = self.cursor.ahead()
                row, spec = merges.widen_header(
                    row, spec, ahead, lambda r: detect_header(r, self.next_period)
                )
                self.aligner = merges.Aligner.of(spec)
                ahead = merges.aligned(ahead, self.aligner.end)
                if not spec.is_flat and columns.uncertain(spec, ahead[:1]):
                    columns.refine(spec, ahead, _closes_grid)
            elif columns.uncertain(spec, self.cursor.ahead(1)):
                columns.refine(spec, self.cursor.ahead(), _closes_grid)
            self.note_money_labels(row)
            old = self.grid
            if self.mode in ("grid", "flat") and old is not None and same_columns(old, spec):
                # the header printed again after a page break: 一级/二级 (and the project) carry on
                spec.last1, spec.last2, spec.data_rows = old.last1, old.last2, old.data_rows
                spec.level_weights = old.level_weights
            if old is not None:
                self.take_notes(old)
            self.grid = spec
            self.mode = "flat" if spec.is_flat else "grid"
            if not spec.is_flat:
                self.current().grid_seen = True
            return
        if (
            len(texts) == 1
            and len(row.cells) > 1
            and self.draft is not None
            and self.draft.indicators
            and row.text(0) == texts[0]  # (one text, from the first column: across, or its merge lost)
            and self.caption_across(texts[0])
        ):
            return  # 項目年度績效目標(定量目標) across the table after a grid: the next table's title
        aligner = self.aligner if row.merges_dropped else None
        if self.mode == "grid" and self.grid is not None:
            if aligner is not None:
                row = aligner.align(row)
            if not self.ends_grid(row) and not (kinds & FUNDS_HEAD and fundsmod.detect_header(row)):
                if aligner is not None:
                    aligner.placed(row)
                d = self.current()
                d.indicators.extend(parse_row(self.grid, row))
                if self.grid.level_weights:
                    d.level_weights.update(self.grid.level_weights)
                return
            self.mode = "header"
            self.current().section = None  # (the goals or budget section above the grid is over)
            if self.take_total_row(row):
                return
        if self.mode == "flat" and self.grid is not None:
            if aligner is not None:
                row = aligner.align(row)
            if not self.ends_grid(row):
                if aligner is not None:
                    aligner.placed(row)
                self.feed_flat(row)
                return
            self.mode = "header"
        if self.mode == "funds":
            placed = aligner.align(row) if aligner is not None else row
            if fundsmod.take_row(self.current(), self.funds_cols, placed):
                if aligner is not None:
                    aligner.placed(placed)
                return
            self.mode = "header"
        if self.mode == "goals":
            self.take_goals(aligner.align(row) if aligner is not None else row)
            self.mode = "header"
            return
        if self.mode == "cost" and self.take_cost(row):
            return
        cols = fundsmod.detect_header(row) if kinds & FUNDS_HEAD else None
        if cols:
            if self.draft is not None and self.draft.indicators:
                self.finish()  # a money grid after a finished indicator grid: the next table's
            self.note_money_labels(row)
            self.funds_cols = cols
            self.aligner = merges.Aligner.under(row)
            self.mode = "funds"
            return
        goal_cols = self.detect_goals(row) if kinds & GOAL_HEAD else None
        if goal_cols:
            self.goal_cols = goal_cols
            self.aligner = merges.Aligner.under(row)
            self.mode = "goals"
            return
        if kinds & COST_HEAD and self.detect_cost(row):
            return
        if (
            len(texts) >= 3
            and not row.paragraph
            and not self.current().grid_seen  # (rows after a grid's 合计 are no indicators)
            and (spec := columns.infer(row, self.cursor, _closes_grid)) is not None
        ):
            self.grid, self.mode = spec, "grid"  # indicator rows with no header: columns by content
            d = self.current()
            d.grid_seen = True
            d.indicators.extend(parse_row(spec, row))
            return
        if self.mode == "skip" and not self.has_key(row):
            return
        if self.draft is not None and self.draft.indicators and self.opens_table(row):
            self.finish()  # 项目名称 after a finished grid: the next table, printed without a title
        self.take_pairs(row)

    def opens_table(self, row: Row) -> bool:
        for text in split_inline_pairs(row.texts()[:4]):
            key = label_key(text)
            if field_of(key) in ("project", "department") or key in _TABLE_HEADS:
                return True
        return False

    def opening(self, row: Row, texts: list[str]) -> bool:
        """A paragraph, or a table's first row: the prose steps, the choice of tables (a table that
        is context is skipped whole) and captions.  True when the row is done with."""
        if row.paragraph:
            return self.note_paragraph(texts[0], row.source)  # a caption titles the table below it
        self.table_at = row.table_index
        self.skipping, self.heading = False, True
        if self.skips_table(row, texts):
            return True
        if self.caption is not None:
            if self.draft is not None and self.draft.indicators:
                self.finish()  # a caption after a finished grid: the next table's
            d = self.current()
            if d.title is None and not d.started:
                d.title = _caption(self.caption)  # 項目年度績效目標(定量目標) right above the table
                d.money_unit = split_money_unit(self.caption)[1] or d.money_unit  # (…    单位：万元)
            self.caption = None
            return False
        return len(texts) == 1 and self.take_caption(texts[0])  # the table's first row is its caption

    def skips_table(self, row: Row, texts: list[str]) -> bool:
        """At a table's first row of two or more texts (its header, under a caption line or none):
        whether the table is context, not targets (tables.py); then the whole table is skipped."""
        if len(texts) < 2:
            return False  # a caption or a money-unit line: the header is below
        self.heading = False
        labels = tables.context_table(texts, self.cursor.ahead(1 << 16))
        if labels is None:
            return False
        self.skipping = True
        where = f"表{row.table_index}"
        detail = bi(
            f"{where}（{labels}）是分配或明细表，作为背景保留，未读取为绩效指标",
            f"table {row.table_index} ({labels}) is an allocation or detail table: kept as context, not read as targets",
        )
        self.doc.warnings.append(evidence.warning(evidence.Note("context", detail, where)))
        return True

    def note_paragraph(self, text: str, where: str) -> bool:
        """A paragraph: kept for the prose steps (prose.py); True when it is a caption (:func:`_caption`)."""
        if _line_kind(text) not in (None, "ignore"):
            return False  # a title, money-unit or year line (no prose; between a caption and its table it keeps the caption)
        self.paragraphs.append((text, where))
        self.current().prose.append(text)
        self.caption = text if _caption(text) is not None else None  # (its title and money unit: opening)
        return self.caption is not None

    def caption_across(self, text: str) -> bool:
        """A caption in one cell across a table, after a grid: the grid is done, the caption titles
        the next table (a level name alone across the row is no caption)."""
        caption = _caption(text)
        if caption is None or level_category(caption) != (None, None):
            return False
        self.finish()
        d = self.current()
        d.title = caption
        d.money_unit = split_money_unit(text)[1] or d.money_unit
        return True

    def take_caption(self, text: str) -> bool:
        """A table row that is one caption across it (項目年度績效目標(定量目標) spanning the columns):
        the title of a table that has none.  True when taken."""
        d = self.current()
        if d.title is not None or d.started:
            return False
        caption = _caption(text)
        if caption is None:
            return False
        d.title = caption
        _, unit = split_money_unit(text)
        if unit:
            d.money_unit = unit
        return True

    def take_prose_targets(self) -> None:
        """A document with no indicator table: the targets its running text states (prose.py), in the
        table being built, each with a warning; or a warning that targets are stated but not read."""
        if self.draft is not None and self.draft.indicators:
            return
        from . import prose

        found = prose.indicators(self.paragraphs)
        if found:
            d = self.current()
            for item in found:
                d.indicators.append(item.indicator)
                d.notes.append(evidence.Note("prose", f"「{item.clause}」", item.indicator.source))
        else:
            stated = next(((t, w) for t, w in self.paragraphs if prose.states_targets(t)), None)
            if stated is not None:
                note = evidence.Note("prose_unread", f"「{stated[0][:40]}」", stated[1])
                self.doc.warnings.append(evidence.warning(note))

    def in_header(self, row: Row) -> bool:
        """A row every cell of which the grid's header holds already (its second line, read with it)."""
        grid = self.grid
        return grid is not None and all(id(cell) in grid.header_ids for _, cell, _ in row.distinct())

    def take_notes(self, spec: GridSpec) -> None:
        """The grid's notes (how its columns were read, rows dropped) into the table being built."""
        if spec.notes:
            self.current().notes.extend(spec.notes)
            spec.notes = []

    def ends_grid(self, row: Row) -> bool:
        cells = row.cells  # (by the row's heads: every grid row is asked, and needs no distinct())
        for col, fresh in row.heads[:3]:
            if not fresh and self.grid is not None:
                continue
            if _closes_grid(cells[col].text):  # type: ignore[union-attr]  # (a head is never empty)
                return True
        return False

    def take_total_row(self, row: Row) -> bool:
        """合计/总分 closing a grid with a 得分 column: its score is the printed total."""
        assert self.grid is not None
        first = label_key(row.texts()[0]) if row.texts() else ""
        col = score_column(self.grid)
        if first not in ("合计", "总分", "总计") or col is None:
            return False
        value = row.text(col)
        d = self.current()
        if not is_blank(value) and d.total_score is None:
            d.total_score = value
        return True

    def note_money_labels(self, row: Row) -> None:
        d = self.current()
        if d.money_unit is None:
            for text in row.texts():
                unit = money_unit_of(text)
                if unit:
                    d.money_unit = unit
                    break

    def has_key(self, row: Row) -> bool:
        return any(label_key(t) in HEADER_KEYS for t in row.texts())

    # ---- flat grid (A3) ----------------------------------------------------------
    def feed_flat(self, row: Row) -> None:
        assert self.grid is not None
        f = flat_fields(self.grid, row)
        indicator = flat_has_indicator(self.grid, row)
        if not indicator and f.get("f_project") is not None and f.get("f_project") == f.get("f_unit"):
            f["f_project"] = None  # a subtotal row's 单位 cell over 项目名称, unmerged: the text twice
        if f.get("f_project") is None and (f.get("f_unit") or not indicator):
            if f.get("f_unit") and not indicator or self.flat_key is None:
                if f.get("f_unit"):
                    self.department = f["f_unit"]  # a department subtotal row (820-马踏镇部门 | 8,827,620.53)
                return
            f["f_project"] = self.flat_key[1]  # a rowspan dropped by a text export: the project above
        if f.get("f_project") is None and indicator and self.flat_key is not None:
            f["f_unit"], f["f_project"] = self.flat_key
        elif f.get("f_unit") is None and self.flat_key is not None:
            f["f_unit"] = self.flat_key[0]  # one 单位名称 cell over several projects
        key = (f.get("f_unit"), f.get("f_project"))
        if key != self.flat_key:
            self.grid.last1, self.grid.last2 = None, {}  # 一级/二级 do not carry over into the next project
            if self.draft is not None and self.draft.started:
                grid = self.grid
                self.finish()
                self.mode, self.grid = "flat", grid
            self.flat_key = key
            d = self.current()
            d.title = self.context.get("title")  # type: ignore[assignment]
            d.year = self.context.get("year")  # type: ignore[assignment]
            d.money_unit = self.context.get("money_unit")  # type: ignore[assignment]
            d.set_party("unit", f.get("f_unit"))
            d.set_party("department", self.department)
            d.project_raw = f.get("f_project")
            d.money["total"] = f.get("f_total")
            goal = f.get("f_goal")
            if goal:
                d.add_goals("annual", goal)
        self.current().indicators.extend(parse_row(self.grid, row))

    # ---- goals ----------------------------------------------------------------------
    def detect_goals(self, row: Row) -> list[tuple[int, str]]:
        texts = row.texts()
        if len(texts) == 2 and goal_role(label_key(texts[1])) is None:
            return []  # 绩效目标 | <the goals>: a label and its value (most rows asked: at once)
        cells = row.labels()
        found = [(col, role) for col, key in cells if (role := goal_role(key))]
        if not found:
            return []  # (what follows only turns found goal columns down)
        if any(goal_role(key) is None for col, key in cells if col > found[0][0]):
            return []  # label | value | label | value (中期目标 | X | 年度目标 | Y) is a pair row
        if any(
            goal_role(key) is None and field_of(key) not in (None, "goals", "goals_period")
            for _, key in cells
        ):
            return []  # goal labels among other field labels (资金总额 | 年度目标): labels over their values
        if len(found) >= 2:
            return found
        if len(found) == 1:
            first = label_key(row.distinct()[0][1].text)
            if first in ("年度总体目标", "总体目标", "绩效目标") and len(row.texts()) == 2:
                return found
        return []

    def take_goals(self, row: Row) -> None:
        d = self.current()
        for col, role in self.goal_cols:
            raw = row.raw(col)
            if raw is None or is_blank(raw):
                continue
            if goal_role(label_key(raw)):
                continue
            if role == "outcome":
                d.outcome = normalize_text(raw)
            else:
                d.add_goals(role, raw)

    # ---- cost block (A6) ----------------------------------------------------------------
    def detect_cost(self, row: Row) -> bool:
        cells = row.distinct()
        if cells and unnumbered(label_key(cells[0][1].text)) == COST_LABEL:
            self.mode = "cost"
            self.cost_col = next((c for c, cell, _ in cells if label_key(cell.text) == "金额"), None)
            return True
        return False

    def take_cost(self, row: Row) -> bool:
        cells = row.distinct()
        if not cells:
            return True
        if label_key(cells[0][1].text) in ("合计", "总计"):
            d = self.current()
            if self.cost_col is not None and d.money.get("total") is None:
                d.money["total"] = row.text(self.cost_col)
            self.mode = "header"
            return True
        key = unnumbered(label_key(cells[0][1].text))
        if key in HEADER_KEYS or key in SECTIONS:
            self.mode = "header"
            return False
        return True

    # ---- header block: label/value pairs (header.py) -------------------------------------------
    def take_pairs(self, row: Row) -> None:
        d = self.current()
        below = label_row_fields(row, d.section)
        if below:
            self.below, self.below_table = below, row.table_index
        mode = take_pairs(d, row)
        if mode is not None:
            self.mode = mode


@lru_cache(maxsize=1 << 14)
def _closes_grid(text: str) -> bool:
    """Whether a cell ends an indicator grid: a total, a closing label, the next table's header (cached:
    asked of the first cells of every grid row)."""
    key = label_key(text)
    name, _ = level_name(text)
    if key in GRID_END or label_key(name) in GRID_END or _GLUED_TOTAL.match(key):
        return True  # 合计 | 100, 总分 | 100 | 97, or glued by a text export: 总分100100
    if HEADER_KEYS.get(key) in ("project", "unit", "department", "unit_code"):
        return True
    if ":" in text or "：" in text:
        label = label_key(split_inline_pairs([text])[0])
        if field_of(label) in ("project", "unit", "department"):
            return True  # 项目名称：某项目 in one cell: the next table's header
        if label in NOTE_LABELS or label_key(re.split("[:：]", text, maxsplit=1)[0]) in NOTE_LABELS:
            return True  # 注：… / 填报人：… under the grid: a note, no indicator
    return False


@lru_cache(maxsize=1 << 12)
def _caption(text: str) -> str | None:
    """A line that may title the table below it, as the title (list number and a trailing money-unit
    clause taken off), or None: a short line naming targets, not a title line the vocabulary knows,
    no label of it, no ``label：value`` (cached)."""
    if _line_kind(text) not in (None, "ignore"):  # (附件1：… is one: its caption follows the colon)
        return None
    from . import prose  # (with the first paragraph: a spreadsheet of tables has none)

    line, _ = split_money_unit(text)
    title = clean_title(line)
    key = label_key(title)
    if (
        prose.is_caption(title)
        and len(split_inline_pairs([title])) == 1
        and field_of(key) in (None, "goals")
        and not is_label(title)
        and key not in PERIOD_LINES
    ):
        return title
    return None


@lru_cache(maxsize=1 << 14)
def _line_kind(text: str) -> str | None:
    """What a one-line text is: title, unit line, money-unit line, year line, ignorable, blank (cached)."""
    key = label_key(text)
    if not key:
        return "blank"
    if key.startswith(_IGNORED_LINES) and len(key) < 40 and not is_title(text):
        return "ignore"
    if is_money_unit_line(text):
        return "money"
    if is_year_line(text):
        return "year"
    if unit_line(text):
        return "unit"
    if is_title(text) and label_key(text) not in HEADER_KEYS and not is_label(text):
        return "title"
    return None


def assemble(blocks: list[Block]) -> Document:
    """Turn a reader's Blocks into a Document of domain tables."""
    asm = Assembler()
    with paused_gc():
        for row in iter_rows(blocks, asm.cursor):
            asm.feed(row)
        if asm.paragraphs and not any(t.indicators for t in asm.doc.tables):
            asm.take_prose_targets()
        asm.finish()
    return asm.doc
