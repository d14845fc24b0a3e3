"""Column roles from header evidence and content evidence combined (列的角色).

:func:`grid.detect_header` gives each header cell the role its text means (vocabulary.py,
or by meaning, meaning.py, with a score).  Where that evidence is incomplete — a header that
matches nothing, a fuzzy match, two cells meaning the same role, one header over two columns
(``一级指标`` over a section column and the 一级 column) — :func:`refine` reads the grid's
data rows (content.py) and settles the columns:

1. the 一级 and 二级 columns are the ones whose cells are level names, whatever their header
   says (``评价内容`` over 產出目標 | 數量目標);
2. the 三级 column is the next header meaning a name that is not a level column;
3. a missing target column is the free column that holds values;
4. a column whose header is not understood gets a role from its content when that role is
   free and the content is clear (comparators, 正向/反向, 定量/定性, units);
5. a fuzzy header whose column holds the wrong kind of cells loses its role.

Each decision is kept in ``spec.notes`` (and becomes a warning that explains it, and the
table's confidence).  A grid whose header is all vocabulary is never looked at twice: the
seed's layout and the benchmark's pay nothing for this.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..blocks import Cell
from ..text import bi
from ..values import normalize_text
from .content import LEVEL1, LEVEL2, TEXT, WORDS, cell_kind, content_roles, profile
from .evidence import ROLE_NAMES, Note
from .grid import GridSpec, Group, Head
from .meaning import STRONG, meaning
from .rows import Cursor, Row

_LEVELS = LEVEL1 | LEVEL2
# roles a column's content can tell on its own when its header is not understood
_BY_CONTENT = ("op", "direction", "unit")
# roles whose column must hold small numbers
_NUMERIC = ("weight", "score")


def infer(row: Row, cursor: Cursor, closes: Callable[[str], bool]) -> GridSpec | None:
    """Indicator rows with no header: a row that holds a level name and a value (产出指标 | 数量指标 |
    新建道路 | ≥2公里) starts a grid whose columns are all given by content, this row's and the
    ones after it; None when the row does not look so (most header-block rows: two look-ups)."""
    texts = row.texts()
    if len(texts) < 3 or not (cell_kind(texts[0]) & _LEVELS or cell_kind(texts[1]) & _LEVELS):
        return None
    lines: list[Sequence[Cell | None]] = [row.cells]
    for line in cursor.ahead():
        first = next((c for c in line if c is not None and c.text.strip()), None)
        if first is not None and closes(first.text):
            break
        lines.append(line)
    width = max(len(line) for line in lines)
    fit = [content_roles(p) for p in profile(lines, width)]
    fit = [{} if _side_label(lines, c) else f for c, f in enumerate(fit)]
    roles: dict[str, int] = {}
    for role, floor in (("level1", 0.5), ("level2", 0.5), ("target", 0.6), ("name", 0.4)):
        free = [c for c in range(width) if c not in roles.values()]
        best = max(free, key=lambda c: fit[c].get(role, 0.0), default=None)
        if best is not None and fit[best].get(role, 0.0) >= floor:
            roles[role] = best
    if "target" not in roles or not ({"level1", "level2"} & set(roles)) or "name" not in roles:
        return None
    for role in ("op", "unit"):
        free = [c for c in range(width) if c not in roles.values()]
        best = max(free, key=lambda c: fit[c].get(role, 0.0), default=None)
        if best is not None and fit[best].get(role, 0.0) >= 0.8:
            roles[role] = best
    order = sorted(roles.items(), key=lambda rc: rc[1])
    named = bi(
        "无表头，按内容：" + "、".join(f"第{c + 1}列 → {ROLE_NAMES.get(r, r)}" for r, c in order),
        "no header, by content: " + ", ".join(f"column {c + 1} → {ROLE_NAMES.get(r, r)}" for r, c in order),
    )
    level1 = roles.pop("level1", None)
    spec = GridSpec(level1, [Group("annual", roles)], {}, set(), where=row.source)
    spec.notes.append(Note("column", named, row.source))
    return spec


def _side_label(lines: Sequence[Sequence[Cell | None]], col: int) -> bool:
    """Whether ``col`` is a side label beside the indicator rows, no column of them: a section name
    (绩效指标), or one merged cell down every line that is no level name (``绩``)."""
    first = lines[0][col] if col < len(lines[0]) else None
    if first is None or not first.text.strip():
        return False
    if _is_section(first.text):
        return True
    down = len(lines) > 1 and all(col < len(line) and line[col] is first for line in lines)
    return down and not cell_kind(first.text) & _LEVELS


def uncertain(spec: GridSpec, ahead: Sequence[Sequence[Cell | None]]) -> bool:
    """Whether the header leaves anything to settle by content (a header of vocabulary labels,
    each over the cells it names, leaves nothing: asked of every grid, answered from the header
    and the first line below it)."""
    if len(spec.groups) != 1:
        return False  # the 长期/年度 halves (A2) are vocabulary layouts: nothing to settle
    cols = spec.groups[0].cols
    if "target" not in cols or "name" not in cols:
        return True  # a column whose header is blank (or not printed) holds them: by content
    if spec.plain:
        return spec.level1 is None and "level2" not in cols
    seen: set[str] = set()
    below = ahead[0] if ahead else ()
    for h in spec.heads:
        if h.role is None and not _is_section(h.text):
            return True
        if h.role is not None and (h.score < 1.0 or (h.role in seen and h.role != "ignore")):
            return True
        if h.role in ("level1", "target") and h.span > 1 and _split_below(h, below):
            return True  # 一级指标 over a section column and the 一级 one; 指标值 over one column per village
        if h.role:
            seen.add(h.role)
    return spec.level1 is None and "level2" not in spec.groups[0].cols


def _split_below(h: Head, line: Sequence[Cell | None]) -> bool:
    """Whether the line below a header spanning columns holds more than one cell under it."""
    under = [line[c] for c in range(h.col, min(h.col + h.span, len(line)))]
    return any(cell is not None and cell is not under[0] for cell in under[1:])


def _is_section(text: str) -> bool:
    return meaning("section", text).role is not None


def refine(spec: GridSpec, lines: Sequence[Sequence[Cell | None]], closes: Callable[[str], bool]) -> None:
    """Settle the columns of a one-group grid by the content of its data ``lines``."""
    group = spec.groups[0]
    data: list[Sequence[Cell | None]] = []
    for line in lines:
        first = next(
            (c for c in line if c is not None and c.text.strip() and id(c) not in spec.header_ids), None
        )
        if first is not None and closes(first.text):
            break
        data.append([None if c is None or id(c) in spec.header_ids else c for c in line])
    if not data:
        return
    width = max(len(line) for line in data)
    fit = [content_roles(p) for p in profile(data, width)]
    head_at: dict[int, Head] = {}
    for h in spec.heads:
        for c in range(h.col, h.col + h.span):
            head_at[c] = h
    roles: dict[str, int] = dict(group.cols)
    if spec.level1 is not None:
        roles["level1"] = spec.level1
    held = {col: role for role, col in roles.items()}
    held.update({col: "ignore" for col in spec.flat.values()})  # a flat grid's 单位/项目/预算数 (A3)
    held.update({h.col: "ignore" for h in spec.heads if h.role == "ignore"})  # 序号

    def give(role: str, col: int, why: str) -> None:
        old = held.pop(col, None)
        if old is not None:
            roles.pop(old, None)
        if role in roles:
            held.pop(roles[role], None)
        roles[role] = col
        held[col] = role
        h = head_at.get(col)
        if h is not None:  # what the header meant is not what the column is: no note of that meaning
            spec.notes[:] = [
                n for n in spec.notes if not (n.kind == "meaning" and n.detail.startswith(f"「{h.text}」"))
            ]
        spec.notes.append(
            Note("column", f"{_where(head_at, col)} → {ROLE_NAMES.get(role, role)}（{why}）", spec.where)
        )

    def score(col: int, role: str) -> float:
        return fit[col].get(role, 0.0) if col < len(fit) else 0.0

    # 1. level columns by their names
    for role in ("level1", "level2"):
        here = roles.get(role)
        if here is not None and (score(here, role) >= 0.5 or _exact(head_at, here)):
            continue  # (a column its header names exactly keeps it: 实施效果指标 | 产出指标, A1)
        best = max(range(width), key=lambda c: score(c, role))
        if score(best, role) >= 0.5 and score(best, role) > (score(here, role) if here is not None else 0.0):
            if held.get(best) not in (None, "name", "level1", "level2", "ignore") and _exact(head_at, best):
                continue  # a column its header names exactly keeps its role
            give(role, best, "内容为指标层级名称")
    # 2. the 三级 column: a header meaning a name, not a level column
    if "name" not in roles or roles["name"] in (roles.get("level1"), roles.get("level2")):
        for h in spec.heads:
            if h.role == "name" and h.col not in held:
                give("name", h.col, f"表头「{h.text}」")
                break
    # 2'. no header names it (its header cell blank): the free column that holds names
    if "name" not in roles:
        free = [c for c in range(width) if c not in held and c not in head_at]
        best_n = max(free, key=lambda c: score(c, "name") - score(c, "target"), default=None)
        if (
            best_n is not None
            and score(best_n, "name") >= 0.4
            and score(best_n, "name") > score(best_n, "target")
        ):
            give("name", best_n, "表头空白，内容为指标名称")
    # 3. one value column per entity (甲村 | 乙村 | 丙村, or under one 指标值 over them): a wide grid
    if _wide(spec, roles, held, head_at, fit, data, width):
        return
    # 3'. a missing target: the free column that holds values
    if "target" not in roles:
        free = [c for c in range(width) if c not in held]
        best_t = max(free, key=lambda c: score(c, "target"), default=None)
        if best_t is not None and score(best_t, "target") >= 0.6:
            give("target", best_t, "内容为指标值" if best_t in head_at else "表头空白，内容为指标值")
        else:  # a column under a blank header whose cells are no values (units only): say it is not read
            for c in range(width):
                if c not in held and c not in head_at and fit[c]:
                    spec.notes.append(Note("unread", f"第{c + 1}列（表头空白）", spec.where))
    # 4. headers not understood: by content, when clear and free
    for col in range(width):
        unknown = head_at.get(col)
        if col in held or unknown is None or unknown.role is not None or col != unknown.col:
            continue
        if _is_section(unknown.text):
            continue
        for role in _BY_CONTENT:
            if role not in roles and score(col, role) >= 0.8:
                give(role, col, f"表头「{unknown.text}」未识别，按内容")
                break
        else:
            spec.notes.append(Note("unread", f"「{unknown.text}」", spec.where))
    # 5. fuzzy headers whose content does not fit
    for role in _NUMERIC:
        at = roles.get(role)
        fuzzy = head_at.get(at) if at is not None else None
        if (
            at is not None
            and fuzzy is not None
            and fuzzy.score < STRONG
            and at < len(fit)
            and fit[at]
            and score(at, role) < 0.5
        ):
            roles.pop(role)
            held.pop(at, None)
            spec.notes.append(Note("unread", f"「{fuzzy.text}」", spec.where))
    _apply(spec, roles)


def _wide(
    spec: GridSpec,
    roles: dict[str, int],
    held: dict[int, str],
    head_at: dict[int, Head],
    fit: list[dict[str, float]],
    data: list[Sequence[Cell | None]],
    width: int,
) -> bool:
    """Find the entity columns of a wide grid: two or more columns side by side, each named by a
    header that is no vocabulary label (or by the row under one 指标值 spanning them), each
    holding values.  Sets ``spec.entities`` and the roles; False when the grid is not wide."""
    entities: list[tuple[int, str]] = []
    target = roles.get("target")
    spanning = head_at.get(target) if target is not None else None
    if spanning is not None and spanning.span >= 2 and data:
        # 指标值 over the entities, their names in the row below it
        first = data[0]
        under = [first[c] for c in range(spanning.col, spanning.col + spanning.span) if c < len(first)]
        names = [
            (spanning.col + k, normalize_text(cell.text))
            for k, cell in enumerate(under)
            if cell is not None and cell.text.strip() and (k == 0 or cell is not under[k - 1])
        ]
        if (
            len(names) >= 2
            and len(names) == len(under)  # one cell a column, none merged across
            and len({t for _, t in names}) == len(names)
            and all(meaning("column", t).role is None and cell_kind(t) & (WORDS | TEXT) for _, t in names)
        ):
            entities = names
            spec.header_ids.update(id(c) for c in first if c is not None)
            data = data[1:]
    else:
        run: list[tuple[int, str]] = []
        for col in range(width):
            h = head_at.get(col)
            free = (
                h is not None
                and h.col == col
                and h.span == 1
                and h.role is None
                and col not in held
                and not _is_section(h.text)
                and col < len(fit)
                and fit[col].get("target", 0.0) >= 0.6
            )
            if free and h is not None:
                run.append((col, h.text))
            elif len(run) >= 2:
                break
            else:
                run = []
        if len(run) >= 2 and (target is None or target in {c for c, _ in run}):
            entities = run
    if not entities:
        return False
    roles.pop("target", None)
    spec.entities = entities
    listed = "、".join(e for _, e in entities)
    spec.notes.append(
        Note(
            "wide",
            bi(
                f"每个对象一列指标值（{listed}）：每列读作一个指标",
                f"one value column per entity ({listed}): one indicator each",
            ),
            spec.where,
        )
    )
    _apply(spec, roles)
    return True


def _exact(head_at: dict[int, Head], col: int) -> bool:
    h = head_at.get(col)
    return h is not None and h.score >= 1.0 and h.span == 1


def _where(head_at: dict[int, Head], col: int) -> str:
    h = head_at.get(col)
    return f"第{col + 1}列" + (f"（表头「{h.text}」）" if h is not None else "")


def _apply(spec: GridSpec, roles: dict[str, int]) -> None:
    spec.level1 = roles.pop("level1", None)
    spec.groups[0].replace(roles)
