"""Layout changes real units make, applied to a corpus case.html, each with the Document it must give.

A :class:`Case` is one corpus case: its page (:mod:`page`) and its expected Document (expected.json
with known.py's corrections).  Each perturbation rewrites the page the way another unit prints the
same table, and changes the expected Document by the same change, from expected.json alone — never
by running the reader.  A perturbation returns ``None`` where a case has nothing it could change
(no indicator grid, no 成本指标 to move, a money unit that is not 万元 …).

The harness finds the indicator grid the way a person looking at the page does: the row whose
cells print 一级/二级/三级/指标值 headers, down to the last row that prints an expected indicator's
name or value.  That locator is the test's, not the reader's.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import opencc

from .page import Grid, Page, Slot

_HEADER = re.compile(r"指标值|目标值|指标名称|三级指标|指标内容|预期实现值|绩效标准")
_LEVEL_ONLY = re.compile(r"指标(\(\d+分\))?$")
_ROLE = {
    "level1": re.compile(r"一级"),
    "level2": re.compile(r"二级"),
    "name": re.compile(r"三级|指标名称|指标内容"),
    "target": re.compile(r"^(年度)?指标值|目标值|预期实现值|指标值\(年度\)|^指标值"),
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _plain(text: str) -> str:
    """A header as the locator matches it: no spaces, Simplified (a perturbation may have made it
    Traditional)."""
    return _t2s().convert(_squash(text))


@dataclass
class Region:
    """The indicator grid inside one printed table: its header row, its last row, its columns in
    groups (a header cell spanning two columns is one group), and which group plays which role."""

    grid: Grid
    header: int
    last: int
    groups: list[list[int]]
    roles: dict[str, int]  # role → index into groups
    fixed: set[int]  # groups that are a side label spanning the whole region (绩效指标)

    def cols(self, role: str) -> list[int] | None:
        """The columns of the group playing ``role``; None when no group plays it."""
        return self.groups[self.roles[role]] if role in self.roles else None

    def levels(self) -> Iterator[tuple[str, list[int]]]:
        """(role, columns) of the 一级 and 二级 groups the region has, 一级 first."""
        for role in ("level1", "level2"):
            if (cols := self.cols(role)) is not None:
                yield role, cols


@dataclass
class Case:
    name: str
    page: Page
    expected: dict[str, Any]

    def copy(self) -> Case:
        return Case(self.name, copy.deepcopy(self.page), copy.deepcopy(self.expected))


def _texts(expected: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for t in expected["tables"]:
        for ind in t["indicators"]:
            for v in (ind.get("name"), (ind.get("target") or {}).get("text")):
                if v:
                    out.add(_squash(v))
    return out


def regions(case: Case) -> list[Region]:
    wanted = _texts(case.expected)
    out = []
    for grid in case.page.grids():
        heads = [
            r
            for r in range(len(grid.rows))
            if any(_HEADER.search(_plain(t)) for t in grid.texts(r))
            and sum("指标" in _plain(t) for t in grid.texts(r)) >= 2
        ]
        for k, h in enumerate(heads):
            stop = heads[k + 1] if k + 1 < len(heads) else len(grid.rows)
            rows = [r for r in range(h + 1, stop) if any(_squash(t) in wanted for t in grid.texts(r) if t)]
            if not rows:
                continue
            last = max(rows)
            while last + 1 < stop and any(_LEVEL_ONLY.search(_squash(t)) for t in grid.texts(last + 1)):
                last += 1  # a 二级 row with no indicator under it still belongs to the grid
            groups: list[list[int]] = []
            for c, slot in enumerate(grid.rows[h]):
                if groups and grid.rows[h][groups[-1][-1]] is slot:
                    groups[-1].append(c)
                else:
                    groups.append([c])
            fixed = {
                g
                for g, cols in enumerate(groups)
                if all(grid.rows[r][cols[0]] is grid.rows[h][cols[0]] for r in range(h, last + 1))
            }
            roles: dict[str, int] = {}
            for g, cols in enumerate(groups):
                text = _plain(grid.rows[h][cols[0]].text)
                for role, pattern in _ROLE.items():
                    if (
                        role not in roles
                        and g not in fixed
                        and pattern.search(text)
                        and "完成" not in text
                        and "实际" not in text
                    ):
                        roles[role] = g
                        break
            out.append(Region(grid, h, last, groups, roles, fixed))
    return out


def _reorder(region: Region, order: list[int]) -> None:
    """Print the region's columns group by group in ``order`` (rows above and below unchanged)."""
    grid = region.grid
    for r in range(region.header, region.last + 1):
        row = grid.rows[r]
        grid.rows[r] = [row[c] for g in order for c in region.groups[g]]


def _movable(region: Region) -> list[int]:
    return [g for g in range(len(region.groups)) if g not in region.fixed]


def _with_order(case: Case, arrange: Callable[[Region, list[int]], list[int] | None]) -> Case | None:
    out = case.copy()
    done = False
    for region in regions(out):
        movable = _movable(region)
        new = arrange(region, movable)
        if new is None or new == movable:
            continue
        order = sorted(region.fixed) + new
        _reorder(region, order)
        done = True
    return out if done else None


def target_before_name(case: Case) -> Case | None:
    def arrange(region: Region, movable: list[int]) -> list[int] | None:
        if not {"name", "target"} <= region.roles.keys():
            return None
        t, n = region.roles["target"], region.roles["name"]
        rest = [g for g in movable if g != t]
        i = rest.index(n)
        return rest[:i] + [t] + rest[i:]

    return _with_order(case, arrange)


def target_name_swapped(case: Case) -> Case | None:
    def arrange(region: Region, movable: list[int]) -> list[int] | None:
        if not {"name", "target"} <= region.roles.keys():
            return None
        t, n = region.roles["target"], region.roles["name"]
        return [t if g == n else n if g == t else g for g in movable]

    return _with_order(case, arrange)


def levels_last(case: Case) -> Case | None:
    def arrange(region: Region, movable: list[int]) -> list[int] | None:
        levels = [region.roles[r] for r in ("level1", "level2") if r in region.roles]
        if not levels:
            return None
        return [g for g in movable if g not in levels] + levels

    return _with_order(case, arrange)


def _header_cells(case: Case, change: Callable[[str, str], str]) -> Case | None:
    """Rewrite the grid header row's cells: ``change(role or "", text)``."""
    out = case.copy()
    found = regions(out)
    for region in found:
        role_of = {g: role for role, g in region.roles.items()}
        for g, cols in enumerate(region.groups):
            if g in region.fixed:
                continue
            slot = region.grid.rows[region.header][cols[0]]
            slot.text = change(role_of.get(g, ""), slot.text)
    return out if found else None


def _blank(role: str) -> Callable[[Case], Case | None]:
    def perturb(case: Case) -> Case | None:
        if not any(role in r.roles for r in regions(case)):
            return None
        return _header_cells(case, lambda r, t: "" if r == role else t)

    perturb.__name__ = f"no_{role}_header"
    return perturb


no_target_header = _blank("target")
no_name_header = _blank("name")


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def traditional_headers(case: Case) -> Case | None:
    return _header_cells(case, lambda r, t: _s2t().convert(t))


def spaced_headers(case: Case) -> Case | None:
    return _header_cells(case, lambda r, t: " ".join(_squash(t)))


_FULL = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，"})
_HALF = {v: k for k, v in _FULL.items()}


def fullwidth_headers(case: Case) -> Case | None:
    return _header_cells(case, lambda r, t: t.translate(_FULL))


def halfwidth_headers(case: Case) -> Case | None:
    return _header_cells(case, lambda r, t: t.translate(_HALF))


def numbered_headers(case: Case) -> Case | None:
    counter = iter(range(1, 100))
    return _header_cells(case, lambda r, t: f"{next(counter)}.{t}" if t else t)


def required_headers(case: Case) -> Case | None:
    return _header_cells(case, lambda r, t: f"{t}（必填）" if r in ("name", "target") else t)


def unmerged(case: Case) -> Case | None:
    """Every merged cell of the grid printed again in each row it covered (一级 on every row)."""
    out = case.copy()
    done = False
    for region in regions(out):
        grid = region.grid
        before = [list(row) for row in grid.rows]
        for r in range(region.header + 1, region.last + 1):
            for g, cols in enumerate(region.groups):
                if g in region.fixed:
                    continue
                for c in cols:
                    slot = before[r][c]
                    if before[r - 1][c] is slot:
                        done = True
                    left = c > cols[0] and before[r][c - 1] is slot  # a span across columns stays one cell
                    grid.rows[r][c] = grid.rows[r][c - 1] if left else Slot(slot.text)
    return out if done else None


def merged_more(case: Case) -> Case | None:
    """A level printed on every row printed once, one cell spanning its rows."""
    out = case.copy()
    done = False
    for region in regions(out):
        grid = region.grid
        for role, cols in region.levels():
            parent = region.cols("level1") if role == "level2" else None
            for r in range(region.header + 2, region.last + 1):
                above, here = grid.rows[r - 1][cols[0]], grid.rows[r][cols[0]]
                if above is here or not here.text or _squash(above.text) != _squash(here.text):
                    continue
                if parent and grid.rows[r - 1][parent[0]] is not grid.rows[r][parent[0]]:
                    continue
                if _block_edge(grid, r, cols[0]):
                    continue  # (never across the edge of a merged cell to its left: a project of A3's)
                if any(grid.rows[r][c] is not here for c in cols):
                    continue
                for c in cols:
                    grid.rows[r][c] = above
                done = True
    return out if done else None


def _block_edge(grid: Grid, r: int, col: int) -> bool:
    """Whether a cell merged down rows, left of ``col``, ends above row ``r`` or starts at it, and
    the next one says something else (a label printed again after a page break is no edge)."""
    rows = grid.rows
    for c in range(col):
        above, here = rows[r - 1][c], rows[r][c]
        if _squash(above.text) != _squash(here.text) and (
            (r >= 2 and rows[r - 2][c] is above) or (r + 1 < len(rows) and rows[r + 1][c] is here)
        ):
            return True
    return False


def blank_below(case: Case) -> Case | None:
    """A level cell spanning rows printed once, the cells under it left blank (an unmerged export)."""
    out = case.copy()
    done = False
    for region in regions(out):
        grid = region.grid
        before = [list(row) for row in grid.rows]
        for _role, cols in region.levels():
            for c in cols:
                for r in range(region.header + 2, region.last + 1):
                    slot = before[r][c]
                    if (
                        before[r - 1][c] is slot
                        and slot.text
                        and all(s is slot for s in before[r][cols[0] : c + 1])
                    ):
                        grid.rows[r][c] = Slot("") if c == cols[0] else grid.rows[r][c - 1]
                        done = True
    return out if done else None


def _labels(case: Case, change: Callable[[int, str], str]) -> Case | None:
    """Rewrite the header block's labels: the first cell of each row above the first grid header that
    has a value beside it (``项目名称 | 某项目``)."""
    out = case.copy()
    found = regions(out)
    if not found:
        return None
    n = 0
    for grid in out.page.grids():
        top = min((r.header for r in found if r.grid is grid), default=len(grid.rows))
        seen: set[int] = set()
        for row in grid.rows[:top]:
            first = row[0]
            if id(first) in seen or len({id(s) for s in row}) < 2 or not first.text:
                continue
            seen.add(id(first))
            text = _squash(first.text)
            if len(text) <= 12 and not re.search(r"\d", text) and text not in ("合计", "小计", "总计"):
                n += 1
                first.text = change(n, first.text)
    return out if n else None


_CN_NUMBERS = "一二三四五六七八九十"


def numbered_labels(case: Case) -> Case | None:
    return _labels(case, lambda n, t: f"{_CN_NUMBERS[(n - 1) % 10]}、{t}")


def traditional_labels(case: Case) -> Case | None:
    # (a money unit stays as printed in Simplified: jixiao/1 keeps it as printed, 萬元 included)
    return _labels(case, lambda n, t: re.sub(r"萬(?=\s*[元兀])", "万", _s2t().convert(t)))


def spaced_labels(case: Case) -> Case | None:
    return _labels(case, lambda n, t: " ".join(_squash(t)))


def split_at_page_break(case: Case) -> Case | None:
    """The table cut at a page break into two tables, the grid header printed again on top of the
    second (a Word or PDF conversion); merged cells over the break are printed again below it."""
    out = case.copy()
    for region in regions(out):
        if region.last - region.header < 3:
            continue
        at = region.header + 1 + (region.last - region.header) // 2
        grid = region.grid
        rows2: list[list[Slot]] = []  # (a cell spanning columns stays one; one spanning rows too)
        for r, row in enumerate(grid.rows[at:]):
            new: list[Slot] = []
            for c, s in enumerate(row):
                if c and row[c - 1] is s:
                    new.append(new[-1])
                elif r and grid.rows[at + r - 1][c] is s:
                    new.append(rows2[r - 1][c])
                else:
                    new.append(Slot(s.text))
            rows2.append(new)
        fixed_cols = {c for g in region.fixed for c in region.groups[g]}
        head = [
            Slot(s.text) if c not in fixed_cols else Slot("") for c, s in enumerate(grid.rows[region.header])
        ]
        for c in range(1, len(head)):
            if grid.rows[region.header][c] is grid.rows[region.header][c - 1]:
                head[c] = head[c - 1]
        second = Grid([head, *rows2])
        grid.rows = grid.rows[:at]
        index = next(i for i, p in enumerate(out.page.parts) if p is grid)
        out.page.parts.insert(index + 1, second)
        return out
    return None


_SPLIT = re.compile(r"^(≥|≤|>|<|=)?(\d+(?:\.\d+)?)(\D*)$")


def value_split(case: Case) -> Case | None:
    """指标值 printed as three columns, 指标性质 | 指标值 | 度量单位 (A3, C2): ``≥95%`` → ``≥`` ``95`` ``%``.
    The Document is the same: the three are joined in that order."""
    out = case.copy()
    done = False
    split: set[int] = set()  # the grids split: a header printed again is a region of the same grid
    for region in regions(out):
        if "target" not in region.roles or len(region.groups[region.roles["target"]]) > 1:
            continue
        if id(region.grid) in split or any(
            re.search("性质|单位|符号", _plain(region.grid.rows[region.header][cols[0]].text))
            for cols in region.groups
        ):
            continue  # already split
        c = region.groups[region.roles["target"]][0]
        grid = region.grid
        split.add(id(grid))
        same = [g for g in regions(out) if g.grid is grid]  # (every header of it: the columns are one)
        heads = {g.header for g in same}
        body = {r for g in same for r in range(g.header + 1, g.last + 1)}
        for r, row in enumerate(grid.rows):
            if r in heads:
                parts = [Slot("指标性质"), Slot("指标值"), Slot("度量单位")]
            elif r in body:
                m = _SPLIT.match(row[c].text.strip())
                parts = (
                    [Slot(m.group(1) or ""), Slot(m.group(2)), Slot(m.group(3))]
                    if m
                    else [Slot(""), row[c], Slot("")]
                )
                done = done or m is not None
            else:
                parts = [row[c]] * 3  # above and below the grid: the cell spans the three
            row[c : c + 1] = parts
    if done:  # a 度量单位 column joins the actual value too when it ends in a digit (the corpus convention)
        for t in out.expected["tables"]:
            for ind in t["indicators"]:
                m = _SPLIT.match(((ind.get("target") or {}).get("text") or "").strip())
                actual = ind.get("actual") or {}
                if m and m.group(3) and (actual.get("text") or "")[-1:].isdigit():
                    actual["text"] += m.group(3)
    return out if done else None


def title_in_table(case: Case) -> Case | None:
    """The title printed as the table's first row, one cell across it (a spreadsheet's layout)."""
    out = case.copy()
    if len(out.expected["tables"]) != 1 or not out.expected["tables"][0].get("title"):
        return None
    title = _squash(out.expected["tables"][0]["title"])
    at = next((i for i, p in enumerate(out.page.parts) if isinstance(p, str) and _squash(p) == title), None)
    if at is None or at + 1 >= len(out.page.parts) or not isinstance(out.page.parts[at + 1], Grid):
        return None  # (only a title printed right above its table moves into it)
    after = at + 1
    grid = out.page.parts[after]
    assert isinstance(grid, Grid)
    text = out.page.parts[at]
    assert isinstance(text, str)
    span = Slot(text)
    grid.rows.insert(0, [span] * grid.width)
    del out.page.parts[at]
    return out


_BY_HEADER_ONLY = ("description", "actual", "weight", "score", "deviation", "remark")


def no_header_row(case: Case) -> Case | None:
    """The grid printed with no header row at all (a continuation page, a pasted extract): only
    for tables whose indicators hold nothing that only a header could name (a 描述, 分值, 完成值 …)."""
    if any(ind.get(f) for t in case.expected["tables"] for ind in t["indicators"] for f in _BY_HEADER_ONLY):
        return None
    out = case.copy()
    found = regions(out)
    if not found:
        return None
    for region in sorted(found, key=lambda r: -r.header):
        del region.grid.rows[region.header]
    return out


def _insert_column(case: Case, at_end: bool, header: str, fill: Callable[[int], str]) -> Case | None:
    out = case.copy()
    found = regions(out)
    for region in found:
        grid = region.grid
        movable = _movable(region)
        pos = region.groups[movable[-1]][-1] + 1 if at_end else region.groups[movable[0]][0]
        n = 0
        for r, row in enumerate(grid.rows):
            if r == region.header:
                row.insert(pos, Slot(header))
            elif region.header < r <= region.last:
                n += 1
                row.insert(pos, Slot(fill(n)))
            else:  # rows outside the grid: the neighbouring cell spans the new column too
                row.insert(pos, row[pos - 1] if pos > 0 else row[0])
    return out if found else None


def serial_column_first(case: Case) -> Case | None:
    return _insert_column(case, False, "序号", str)


def remark_column_last(case: Case) -> Case | None:
    return _insert_column(case, True, "备注", lambda n: "" if n % 3 else "无")


def allocation_first(case: Case) -> Case | None:
    """A 资金分配表 (序号 | 乡镇 | 金额) printed before the performance table."""
    if not case.page.grids():
        return None
    out = case.copy()
    out.page.parts[:0] = ["附表1 资金分配表", Grid([[Slot(t) for t in row] for row in _ALLOCATION])]
    return out


_ALLOCATION = [
    ["序号", "乡镇", "金额（万元）"],
    ["1", "城关镇", "12.5"],
    ["2", "河口乡", "30"],
    ["3", "石门镇", "7.25"],
    ["合计", "", "49.75"],
]


def _insert_rows(case: Case, make: Callable[[Region], list[Slot]]) -> Case | None:
    out = case.copy()
    done = False
    for region in regions(out):
        if region.last - region.header < 3:
            continue
        at = region.header + 1 + (region.last - region.header) // 2
        row = make(region)
        for g in region.fixed:  # the side label spans the new row too
            for c in region.groups[g]:
                row[c] = region.grid.rows[at][c]
        region.grid.rows.insert(at, row)
        region.last += 1
        done = True
    return out if done else None


def blank_rows(case: Case) -> Case | None:
    def blank(region: Region) -> list[Slot]:
        return [Slot("") for _ in region.grid.rows[region.header]]

    out = _insert_rows(case, blank)
    return _insert_rows(out, blank) if out else None


def repeated_header(case: Case) -> Case | None:
    def again(region: Region) -> list[Slot]:
        head = region.grid.rows[region.header]
        row: list[Slot] = []
        for c, slot in enumerate(head):
            row.append(row[-1] if c and head[c - 1] is slot else Slot(slot.text))
        return row

    return _insert_rows(case, again)


_NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")
_MONEY_LABEL = re.compile(r"(单位\s*[:：]\s*|[(（]\s*|金额单位\s*[:：]\s*)(万\s*元|元)")
_FUND_FIELDS = ("total", "fiscal", "other", "period_total", "carryover", "initial", "adjusted", "executed")


def _number(text: str) -> float | None:
    t = text.strip()
    return float(t.replace(",", "")) if _NUMBER.match(t) else None


def _money(case: Case, source: str, target: str, factor: float) -> Case | None:
    tables = case.expected["tables"]
    if not tables or any(t["money_unit"] != source for t in tables):
        return None
    out = case.copy()
    figures = {t["funds"][f] for t in tables for f in _FUND_FIELDS if t["funds"].get(f)}
    grid_rows = {(id(r.grid), row) for r in regions(out) for row in range(r.header, r.last + 1)}
    money_cols = {  # a money column of a flat grid (A3: 预算数 on every indicator row)
        (id(r.grid), c)
        for r in regions(out)
        for c, slot in enumerate(r.grid.rows[r.header])
        if re.search("预算|金额|资金", _plain(slot.text))
    }
    grids = [g for g in out.page.grids() if g.texts(0)[:2] != _ALLOCATION[0][:2]]  # (not a 资金分配表)
    for grid in grids:
        seen: set[int] = set()
        for r, row in enumerate(grid.rows):
            for c, slot in enumerate(row):
                if id(slot) in seen:
                    continue
                seen.add(id(slot))
                n = _number(slot.text)
                outside = (id(grid), r) not in grid_rows or (id(grid), c) in money_cols
                if n is not None and outside and any(abs(n - f) < 1e-9 for f in figures):
                    slot.text = (
                        f"{n * factor:,.8f}".rstrip("0").rstrip(".") if factor < 1 else f"{n * factor:,.2f}"
                    )
                slot.text = _MONEY_LABEL.sub(lambda m: m.group(1) + target, slot.text)
    out.page.parts = [
        _MONEY_LABEL.sub(lambda m: m.group(1) + target, p) if isinstance(p, str) else p
        for p in out.page.parts
    ]
    if not any(_MONEY_LABEL.search(p) for p in out.page.parts if isinstance(p, str)) and not any(
        _MONEY_LABEL.search(s.text) for g in grids for row in g.rows for s in row
    ):
        return None
    for t in out.expected["tables"]:
        t["money_unit"] = target
        for f in _FUND_FIELDS:
            if t["funds"].get(f):
                t["funds"][f] = round(t["funds"][f] * factor, 6)
    return out


def money_in_yuan(case: Case) -> Case | None:
    return _money(case, "万元", "元", 10_000)


def money_in_wanyuan(case: Case) -> Case | None:
    return _money(case, "元", "万元", 1 / 10_000)


def _rows_of(case: Case, region: Region, table: dict[str, Any]) -> dict[int, int] | None:
    """Indicator index → grid row, matching names in order; None when an indicator has no row."""
    out: dict[int, int] = {}
    r = region.header + 1
    for i, ind in enumerate(table["indicators"]):
        name = _squash(ind.get("name") or "")
        while r <= region.last and name not in {_squash(t) for t in region.grid.texts(r)}:
            r += 1
        if r > region.last or not name:
            return None
        out[i] = r
        r += 1
    return out


def _relevel(case: Case, pick: Callable[[dict[str, Any]], tuple[str, str] | None]) -> Case | None:
    """Print some indicators under other 一级/二级 names (one printed table, one grid)."""
    out = case.copy()
    found = regions(out)
    if len(found) != len(out.expected["tables"]):
        return None
    done = False
    for region, table in zip(found, out.expected["tables"], strict=True):
        heads = [_plain(region.grid.rows[region.header][cols[0]].text) for cols in region.groups]
        if (
            not {"level1", "level2"} <= region.roles.keys()
            or sum("二级" in h for h in heads) > 1
            or len(region.groups[region.roles["level2"]]) > 1
        ):
            continue  # (two 二级 columns: the 长期/年度 halves, or A6's 二级 over the name)
        rows = _rows_of(out, region, table)
        if rows is None:
            continue
        changes = {i: pick(ind) for i, ind in enumerate(table["indicators"])}
        changes = {i: c for i, c in changes.items() if c}
        if not changes:
            continue
        l1, l2 = region.groups[region.roles["level1"]], region.groups[region.roles["level2"]]
        new1, new2 = Slot(next(iter(changes.values()))[0]), Slot(next(iter(changes.values()))[1])
        for i, (level1, level2) in changes.items():
            r = rows[i]
            for c in l1:
                region.grid.rows[r][c] = new1
            for c in l2:
                region.grid.rows[r][c] = new2
            table["indicators"][i]["level1"], table["indicators"][i]["level2"] = level1, level2
        done = True
    return out if done else None


def framework_2021(case: Case) -> Case | None:
    """产出指标 › 成本指标 printed as the 2021 framework's first-level 成本指标 › 经济成本指标."""

    def pick(ind: dict[str, Any]) -> tuple[str, str] | None:
        return (
            ("成本指标", "经济成本指标") if _squash(ind.get("level2") or "").startswith("成本指标") else None
        )

    return _relevel(case, pick)


def framework_2015(case: Case) -> Case | None:
    """A first-level 成本指标 printed as the 2015 framework's 产出指标 › 成本指标."""

    def pick(ind: dict[str, Any]) -> tuple[str, str] | None:
        return ("产出指标", "成本指标") if _squash(ind.get("level1") or "").startswith("成本") else None

    return _relevel(case, pick)


def no_title(case: Case) -> Case | None:
    """The title paragraph left out: the table must still read, with no title."""
    out = case.copy()
    titles = {_squash(t["title"]) for t in out.expected["tables"] if t.get("title")}
    kept = [p for p in out.page.parts if not (isinstance(p, str) and _squash(p) in titles)]
    if len(kept) == len(out.page.parts) or len(out.expected["tables"]) != 1:
        return None
    out.page.parts = kept
    table = out.expected["tables"][0]
    inside = {(id(r.grid), i) for r in regions(out) for i in range(r.header, r.last + 1)}
    cells = [
        s.text
        for g in out.page.grids()
        for i, row in enumerate(g.rows)
        if (id(g), i) not in inside
        for s in row
    ]
    printed = " ".join([p for p in kept if isinstance(p, str)] + cells)
    if table.get("year") and str(table["year"]) not in printed:
        table["year"] = None  # the year was printed in the title only
    table["title"] = None
    return out


def trailing_notes(case: Case) -> Case | None:
    """Rows a unit adds under the grid, one cell across the table: ``注：…`` and ``填报人：…``."""
    out = case.copy()
    found = regions(out)
    if not found:
        return None
    grid = found[-1].grid
    if found[-1].last != len(grid.rows) - 1:
        return None  # (only under a grid that ends its table)
    for text in (
        "注：指标值为年度目标值，单位以表头为准。",
        "填报人：张三　　联系电话：12345678　　填报日期：2024年1月10日",
    ):
        span = Slot(text)
        grid.rows.append([span] * grid.width)
    return out


def two_row_header(case: Case) -> Case | None:
    """The header printed on two rows: 一级 | 二级 | 三级指标 over 指标名称 | 指标值 (the levels merged
    down both rows; 三级指标 spanning the name and the value below it)."""
    out = case.copy()
    done = False
    for region in regions(out):
        if not {"name", "target"} <= region.roles.keys():
            continue
        name, target = region.roles["name"], region.roles["target"]
        if target != name + 1 or len(region.groups[name]) > 1 or len(region.groups[target]) > 1:
            continue
        if sum("二级" in _plain(region.grid.rows[region.header][cols[0]].text) for cols in region.groups) > 1:
            continue  # (A2's 长期 | 年度 halves: their 三级 and 指标值 headers carry the period)
        grid = region.grid
        top = grid.rows[region.header]
        second = list(top)  # every other header cell merged down both rows
        n, t = region.groups[name][0], region.groups[target][0]
        second[n], second[t] = Slot("指标名称"), Slot("指标值")
        over = Slot("三级指标")
        top[n] = top[t] = over
        grid.rows.insert(region.header + 1, second)
        done = True
        break  # (one grid: the regions after it moved down a row)
    return out if done else None


def no_level1_column(case: Case) -> Case | None:
    """The 一级 column left out entirely: the 二级 names say what they are; every indicator's 一级 is
    then unprinted (its category still known from the 二级, DOMAIN.md taxonomy)."""
    out = case.copy()
    done = False
    found = regions(out)
    if len(found) != 1 or len(out.expected["tables"]) != 1:
        return None  # (one grid in one table: every 一级 of the Document is the grid's)
    for region in found:
        if not {"level1", "level2"} <= region.roles.keys() or region.fixed:
            continue
        cols = set(region.groups[region.roles["level1"]])
        grid = region.grid
        for r in range(region.header, region.last + 1):
            grid.rows[r] = [s for c, s in enumerate(grid.rows[r]) if c not in cols]
        for r in [*range(region.header), *range(region.last + 1, len(grid.rows))]:
            row = grid.rows[r]  # rows above and below: a cell spanning columns spans one fewer
            for _ in cols:
                at = next((c for c in range(1, len(row)) if row[c] is row[c - 1]), None)
                if at is None:
                    return None  # (a row of one-column cells only: no column to take from it)
                del row[at]
        done = True
        break
    if not done:
        return None
    for t in out.expected["tables"]:
        for ind in t["indicators"]:
            ind["level1"] = None
    return out


def name_and_value_in_one_cell(case: Case) -> Case | None:
    """The 三级 name and its value printed in one cell, ``培训人数：≥100人``, and no 指标值 column."""
    out = case.copy()
    done = False
    for region in regions(out):
        if not {"name", "target"} <= region.roles.keys() or len(region.groups[region.roles["target"]]) > 1:
            continue
        if (
            sum("指标值" in _plain(region.grid.rows[region.header][cols[0]].text) for cols in region.groups)
            > 1
        ):
            continue  # (A2's halves)
        n, t = region.groups[region.roles["name"]][0], region.groups[region.roles["target"]][0]
        grid = region.grid
        if any(grid.rows[r][t] is grid.rows[r][n] for r in range(region.header, region.last + 1)):
            continue
        for r in range(region.header + 1, region.last + 1):
            row = grid.rows[r]
            name, value = row[n].text.strip(), row[t].text.strip()
            if name and value:
                row[n] = Slot(f"{name}：{value}")
        for r in range(len(grid.rows)):
            row = grid.rows[r]
            if (
                region.header <= r <= region.last
                or (t + 1 < len(row) and row[t + 1] is row[t])
                or (t > 0 and row[t - 1] is row[t])
            ):
                del row[t]
            else:
                return None  # (a row of one-column cells beside the grid: no column to take)
        done = True
        break
    return out if done else None


_BIG = re.compile(r"(?<![\d.,])(\d{4,})(?=(\.\d+)?(?![\d.,]))")


def _separated(text: str) -> str:
    return _BIG.sub(lambda m: f"{int(m.group(1)):,}", text)


def thousands_in_values(case: Case) -> Case | None:
    """指标值 figures of four digits or more printed with thousands separators (``2280次`` → ``2,280次``):
    the value as printed changes, its number does not."""
    out = case.copy()
    numbers: set[str] = set()  # the figures printed so (a 度量单位 or 指标性质 column may print the rest)
    for region in regions(out):
        if "target" not in region.roles:
            continue
        for c in region.groups[region.roles["target"]]:
            for r in range(region.header + 1, region.last + 1):
                slot = region.grid.rows[r][c]
                if re.search(r"\d{4}\s*年", slot.text):
                    continue  # (a year is printed without)
                numbers |= {m.group(1) for m in _BIG.finditer(slot.text)}
                slot.text = _separated(slot.text)
    if not numbers:
        return None
    for t in out.expected["tables"]:
        for ind in t["indicators"]:
            target = ind.get("target") or {}
            text = target.get("text")
            if text and not re.search(r"\d{4}\s*年", text):
                target["text"] = _BIG.sub(
                    lambda m: f"{int(m.group(1)):,}" if m.group(1) in numbers else m.group(1), text
                )
    return out


PERTURBATIONS: dict[str, Callable[[Case], Case | None]] = {
    f.__name__: f
    for f in (
        target_before_name,
        target_name_swapped,
        levels_last,
        no_target_header,
        no_name_header,
        no_title,
        traditional_headers,
        spaced_headers,
        fullwidth_headers,
        halfwidth_headers,
        numbered_headers,
        required_headers,
        money_in_yuan,
        money_in_wanyuan,
        unmerged,
        merged_more,
        blank_below,
        numbered_labels,
        traditional_labels,
        spaced_labels,
        split_at_page_break,
        value_split,
        no_header_row,
        title_in_table,
        serial_column_first,
        remark_column_last,
        allocation_first,
        blank_rows,
        repeated_header,
        framework_2021,
        framework_2015,
        trailing_notes,
        two_row_header,
        no_level1_column,
        name_and_value_in_one_cell,
        thousands_in_values,
    )
}
