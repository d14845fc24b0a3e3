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
from .content import content_roles, profile
from .evidence import ROLE_NAMES, Note
from .grid import GridSpec, Head
from .meaning import STRONG, meaning

# roles a column's content can tell on its own when its header is not understood
_BY_CONTENT = ("op", "direction", "unit")
# roles whose column must hold small numbers
_NUMERIC = ("weight", "score")


def uncertain(spec: GridSpec) -> bool:
    """Whether the header leaves anything to settle by content."""
    if len(spec.groups) != 1:
        return False  # the 长期/年度 halves (A2) are vocabulary layouts: nothing to settle
    seen: set[str] = set()
    for h in spec.heads:
        if h.role is None and not _is_section(h.text):
            return True
        if h.role is not None and (h.score < 1.0 or (h.role in seen and h.role != "ignore")):
            return True
        if h.role in ("level1", "name") and h.span > 1:
            return True
        if h.role:
            seen.add(h.role)
    return spec.level1 is None and "level2" not in spec.groups[0].cols


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
        if here is not None and score(here, role) >= 0.5:
            continue
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
    # 3. a missing target: the free column that holds values
    if "target" not in roles:
        free = [c for c in range(width) if c not in held and c in head_at]
        best_t = max(free, key=lambda c: score(c, "target"), default=None)
        if best_t is not None and score(best_t, "target") >= 0.6:
            give("target", best_t, "内容为指标值")
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


def _exact(head_at: dict[int, Head], col: int) -> bool:
    h = head_at.get(col)
    return h is not None and h.score >= 1.0 and h.span == 1


def _where(head_at: dict[int, Head], col: int) -> str:
    h = head_at.get(col)
    return f"第{col + 1}列" + (f"（表头「{h.text}」）" if h is not None else "")


def _apply(spec: GridSpec, roles: dict[str, int]) -> None:
    spec.level1 = roles.pop("level1", None)
    spec.groups[0].replace(roles)
