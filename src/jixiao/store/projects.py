"""Projects (项目): the list, one project's record through its year, its history; archiving;
writing a checkpoint or a self-evaluation for it.

A project's record (:meth:`ProjectsMixin.get_project`): its current target (绩效目标表, with
its review status and edit version) and a pending revision (调整) if any, its checkpoints
(运行监控, the current one per date), its self-evaluation (绩效自评) and every version of
each.  Every method takes the acting ``user`` and scopes by it; a project a user may not see
is reported as not found.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVarTuple

from sqlalchemy import Select, exists, func, or_, select, update
from sqlalchemy.orm import Session

from ..changes import table_changes
from ..errors import ConfigError, NotFound
from ..text import bi
from . import permissions, scope
from .aggregates import refresh
from .base import StoreBase
from .identity import stage_of
from .records import add_history, ensure_units, place
from .rows import normalize_table
from .schema import FindingRow, HistoryRow, ProjectRow, TableRow
from .tables import MAX_PER_PAGE, _cached_count, _iso, _remember_count, finding_dict, history_dict, summary
from .users import User, now

_Ts = TypeVarTuple("_Ts")
PROJECT_STATUSES: tuple[str, ...] = ("draft", "submitted", "returned", "approved", "pending", "archived")


@dataclass(frozen=True, slots=True)
class ProjectFilter:
    """Filters of the project list: 单位 (code or name), 年度, 状态 (a target status, ``pending``
    for a revision awaiting review, ``archived``), 关键词, 类型 (project | department), 监控灯,
    规则代码 (a finding's code or prefix on the current target)."""

    unit: str | None = None
    year: int | None = None
    status: str | None = None
    q: str | None = None
    kind: str | None = None
    light: str | None = None
    rule: str | None = None  # a rule code or prefix found on the current target


# The columns of a project's list line, in order (a Core select: no ORM objects on the list's path).
SUMMARY_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "code",
    "kind",
    "unit_code",
    "unit_name",
    "year",
    "status",
    "pending",
    "archived",
    "target_id",
    "money_unit",
    "budget_total",
    "budget_wan",
    "indicator_count",
    "finding_count",
    "error_count",
    "light",
    "as_of",
    "score",
    "grade",
    "updated_at",
)
_SUMMARY_COLUMNS = tuple(ProjectRow.__table__.c[name] for name in SUMMARY_FIELDS)


def project_summary(p: Any) -> dict[str, Any]:
    """A project as its list shows it: a :class:`ProjectRow` or a row of :data:`SUMMARY_FIELDS`."""
    v = (
        dict(zip(SUMMARY_FIELDS, p, strict=True))
        if isinstance(p, tuple)
        else {k: getattr(p, k) for k in SUMMARY_FIELDS}
    )
    as_of = v["as_of"]
    return {
        "id": v["id"],
        "name": v["name"],
        "code": v["code"],
        "kind": v["kind"],
        "unit": {"code": v["unit_code"], "name": v["unit_name"]},
        "year": v["year"],
        "status": v["status"],
        "pending": bool(v["pending"]),
        "archived": bool(v["archived"]),
        "target_id": v["target_id"],
        "money_unit": v["money_unit"],
        "budget_total": v["budget_total"],
        "budget_wan": v["budget_wan"],
        "indicator_count": v["indicator_count"],
        "finding_count": v["finding_count"],
        "error_count": v["error_count"],
        "light": v["light"],
        "as_of": as_of.isoformat() if isinstance(as_of, date) else as_of,
        "score": v["score"],
        "grade": v["grade"],
        "updated_at": _iso(v["updated_at"]),
    }


def unit_filter(unit: str) -> Any:
    unit = unit.strip()
    return ProjectRow.unit_code == unit if unit.isdigit() else ProjectRow.unit_name == unit


def _filtered(stmt: Select[*_Ts], f: ProjectFilter) -> Select[*_Ts]:
    if f.unit:
        stmt = stmt.where(unit_filter(f.unit))
    if f.year is not None:
        stmt = stmt.where(ProjectRow.year == f.year)
    if f.kind:
        stmt = stmt.where(ProjectRow.kind == f.kind)
    if f.light:
        stmt = stmt.where(ProjectRow.light == f.light)
    stmt = stmt.where(ProjectRow.archived == (f.status == "archived"))  # "=", not "IS": indexable
    if f.status == "pending":
        stmt = stmt.where(ProjectRow.pending.is_(True))
    elif f.status and f.status != "archived":
        stmt = stmt.where(ProjectRow.status == f.status)
    if f.q:
        like = f"%{f.q}%"
        stmt = stmt.where(
            or_(ProjectRow.name.like(like), ProjectRow.unit_name.like(like), ProjectRow.code.like(like))
        )
    if f.rule:
        stmt = stmt.where(
            exists().where(
                FindingRow.table_id == ProjectRow.target_id,
                FindingRow.code.startswith(f.rule, autoescape=True),
            )
        )
    return stmt


FRAMEWORKS: tuple[str, ...] = ("2015", "2021")


def _change_key(data: Mapping[str, Any]) -> tuple[str, Any]:
    stage = stage_of(data.get("kind"))
    return stage, data.get("as_of") if stage == "checkpoint" else None


def with_changes(items: Sequence[HistoryRow], with_data: bool = True) -> list[dict[str, Any]]:
    """History entries (oldest first), each with ``changes``: what it changed field by field
    (:func:`jixiao.changes.table_changes`) — an edit against what it replaced, a new version
    against the stage's version before it."""
    latest: dict[tuple[str, Any], Mapping[str, Any]] = {}
    out = []
    for h in items:
        entry = history_dict(h, with_data)
        after = h.after if isinstance(h.after, Mapping) else None
        before = h.before if isinstance(h.before, Mapping) else None
        changes: list[dict[str, Any]] = []
        if after is not None:
            key = _change_key(after)
            previous = before if before is not None else latest.get(key)
            changes = [c.to_dict() for c in table_changes(previous, after)]
            latest[key] = after
        entry["changes"] = changes
        out.append(entry)
    return out


def _version(row: TableRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "stage": row.stage,
        "kind": row.kind,
        "revision": row.revision,
        "standing": row.standing,
        "status": row.status,
        "version": row.version,
        "as_of": row.as_of.isoformat() if row.as_of else None,
        "light": row.light,
        "total_score": row.total_score,
        "grade": row.grade,
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
    }


class ProjectsMixin(StoreBase):
    """Project methods of :class:`jixiao.store.Store`."""

    def list_projects(
        self,
        filters: ProjectFilter | None = None,
        page: int = 1,
        per_page: int = 50,
        user: User | None = None,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of project summaries and the total count, newest first."""
        f = filters or ProjectFilter()
        page = max(1, int(page))
        per_page = max(1, min(int(per_page), MAX_PER_PAGE))
        ids = _filtered(scope.visible_projects(select(ProjectRow.id), user), f)
        key: Hashable = ("projects", self.url, scope.scope_key(user), f)
        total, _large = _cached_count(key)
        offset = (page - 1) * per_page
        # the page's ids on the primary key first, then those rows' columns (a deep page walks
        # the index, not the rows)
        page_ids = ids.order_by(ProjectRow.id.desc()).limit(per_page).offset(offset).scalar_subquery()
        stmt = (
            select(*_SUMMARY_COLUMNS)
            .where(ProjectRow.__table__.c.id.in_(page_ids))
            .order_by(ProjectRow.id.desc())
        )
        with self._read_connection() as s:
            rows = [tuple(r) for r in s.execute(stmt)]
            if total is None:
                if 0 < len(rows) < per_page or (page == 1 and not rows):
                    total = offset + len(rows)
                else:
                    total = s.scalar(select(func.count()).select_from(ids.subquery())) or 0
                    _remember_count(key, total)
            return [project_summary(r) for r in rows], total

    def _visible_project(
        self, s: Session, project_id: int, user: User | None, lock: bool = False, fresh: bool = False
    ) -> ProjectRow:
        stmt = scope.visible_projects(select(ProjectRow).where(ProjectRow.id == project_id), user)
        if lock and s.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        if fresh:  # read afresh, not from the session's cache (after a write in the same session)
            stmt = stmt.execution_options(populate_existing=True)
        row = s.scalar(stmt)
        if row is None:
            raise NotFound(bi(f"项目 {project_id} 不存在或无权查看", f"project {project_id} not found"))
        return row

    def get_project(self, project_id: int, user: User | None = None) -> dict[str, Any]:
        """A project's record: ``project``, ``target``, ``pending``, ``checkpoints``,
        ``selfeval`` and ``versions`` (see the module doc)."""
        with self.session() as s:
            return self._project_in(s, project_id, user)

    def _project_in(self, s: Session, project_id: int, user: User | None) -> dict[str, Any]:
        """:meth:`get_project` read in the session ``s`` (a write's own transaction: see
        :meth:`TablesMixin._table_in`), rows read afresh."""
        p = self._visible_project(s, project_id, user, fresh=True)
        rows = list(
            s.scalars(
                select(TableRow)
                .where(TableRow.project_id == p.id)
                .order_by(TableRow.id)
                .execution_options(populate_existing=True)
            )
        )
        findings: dict[int, list[dict[str, Any]]] = {}
        shown = [r.id for r in rows if r.standing in ("current", "pending")]
        for f in s.scalars(select(FindingRow).where(FindingRow.table_id.in_(shown)).order_by(FindingRow.id)):
            findings.setdefault(f.table_id, []).append(finding_dict(f))

        def detail(r: TableRow | None) -> dict[str, Any] | None:
            if r is None:
                return None
            return {**_version(r), "table": r.data, "findings": findings.get(r.id, [])}

        def one(stage: str, standing: str) -> TableRow | None:
            return next((r for r in reversed(rows) if r.stage == stage and r.standing == standing), None)

        checkpoints = sorted(
            (r for r in rows if r.stage == "checkpoint" and r.standing == "current"),
            key=lambda r: (r.as_of or date.min, r.id),
        )
        return {
            "project": {**project_summary(p), "framework": p.framework},
            "target": detail(one("target", "current")),
            "pending": detail(one("target", "pending")),
            "checkpoints": [detail(r) for r in checkpoints],
            "selfeval": detail(one("selfeval", "current")),
            "versions": [_version(r) for r in rows],
        }

    def working_target(self, project_id: int, user: User | None = None) -> dict[str, Any]:
        """The target version a workflow step or an edit applies to: the pending revision
        when there is one, else the current target (NotFound when the project has none)."""
        record = self.get_project(project_id, user)
        found = record["pending"] or record["target"]
        if found is None:
            raise NotFound(
                bi(f"项目 {project_id} 没有绩效目标表", f"project {project_id} has no target table")
            )
        return dict(found)

    def project_history(
        self, project_id: int, user: User | None = None, with_data: bool = True
    ) -> list[dict[str, Any]]:
        """Every change of a project's tables, oldest first; a deleted project's too (for who
        may see every unit)."""
        with self.session() as s:
            visible = s.scalar(
                scope.visible_projects(select(ProjectRow.id).where(ProjectRow.id == project_id), user)
            )
            if visible is None and not (user is None or user.role in permissions.SEE_ALL):
                raise NotFound(bi(f"项目 {project_id} 不存在或无权查看", f"project {project_id} not found"))
            items = s.scalars(
                select(HistoryRow).where(HistoryRow.project_id == project_id).order_by(HistoryRow.id)
            ).all()
            if visible is None and not items:
                raise NotFound(bi(f"项目 {project_id} 不存在", f"project {project_id} not found"))
            return with_changes(items, with_data)

    def set_framework(self, project_id: int, framework: str | None, user: User | None = None) -> None:
        """The indicator framework (指标体系, ``2015`` | ``2021``) a project's editor offers;
        None: as its table shows."""
        if framework not in (None, *FRAMEWORKS):
            raise ConfigError(
                bi(
                    f"未知指标体系 {framework!r}，可选：2015、2021",
                    f"unknown framework {framework!r}; choose 2015 or 2021",
                )
            )
        with self.session() as s, s.begin():
            p = self._visible_project(s, project_id, user, lock=True)
            permissions.require_write(user, p.unit_code)
            p.framework = framework

    def project_tables(
        self, project_id: int, user: User | None = None, stages: Sequence[str] = ("target",)
    ) -> list[dict[str, Any]]:
        """The current tables of a project's ``stages`` (jixiao/1 dicts), target first."""
        record = self.get_project(project_id, user)
        out = []
        if "target" in stages and record["target"]:
            out.append(record["target"]["table"])
        if "checkpoint" in stages:
            out.extend(c["table"] for c in record["checkpoints"])
        if "selfeval" in stages and record["selfeval"]:
            out.append(record["selfeval"]["table"])
        return out

    def counted_tables(
        self, filters: ProjectFilter | None = None, user: User | None = None, limit: int = 10_000
    ) -> list[dict[str, Any]]:
        """The table each listed project counts (its current target, else its latest stage):
        what an export of the list holds, each project once."""
        stmt = _filtered(
            scope.visible_projects(
                select(TableRow.data).join(ProjectRow, ProjectRow.id == TableRow.project_id), user
            ),
            filters or ProjectFilter(),
        ).where(TableRow.counted.is_(True))
        with self.session() as s:
            return list(s.scalars(stmt.order_by(ProjectRow.id).limit(limit)))

    def save_stage(
        self,
        project_id: int,
        data: dict[str, Any],
        user: User | None = None,
        findings: Sequence[Mapping[str, Any]] = (),
        light: str | None = None,
    ) -> dict[str, Any]:
        """Store a 监控表 (a checkpoint: ``light`` its colour) or a 自评表 entered for a project:
        the stage's new current version (or ``same`` when unchanged).  Returns the placement."""
        data = normalize_table(data)
        stage = stage_of(data.get("kind"))
        if stage == "target":
            raise ConfigError(
                bi("只能保存监控表或自评表", "only a monitoring table or a self-evaluation can be saved here")
            )
        stamp = now()
        with self.session() as s, s.begin():
            p = self._visible_project(s, project_id, user, lock=True)
            permissions.require_write(user, p.unit_code, action="修改")
            units = ensure_units(s, [data])
            placed = place(s, user, data, findings, stamp=stamp, units=units, project=p, light=light)
            if placed.status != "same":
                add_history(
                    s,
                    user,
                    stage,
                    placed.table_id,
                    p.id,
                    note=[bi(f"第{placed.revision}版", f"v{placed.revision}")],
                    after=data,
                )
            refresh(s, [p.id], stamp)
        return placed.to_dict()

    def archive_project(
        self, project_id: int, user: User | None = None, archived: bool = True
    ) -> dict[str, Any]:
        """归档 a project (or take it out of the archive): it leaves the lists and the totals."""
        permissions.require_archive(user)
        with self.session() as s, s.begin():
            p = self._visible_project(s, project_id, user, lock=True)
            if bool(p.archived) != archived:
                stamp = now()
                s.execute(
                    update(ProjectRow)
                    .where(ProjectRow.id == p.id)
                    .values(archived=archived, updated_at=stamp)
                    .execution_options(synchronize_session=False)
                )
                add_history(s, user, "archive" if archived else "unarchive", None, p.id)
                refresh(s, [p.id], stamp)  # it leaves (or rejoins) the totals
            written = self._project_in(s, project_id, user)
        return written

    def latest_checkpoints(
        self, user: User | None = None, year: int | None = None, unit: str | None = None, limit: int = 5000
    ) -> list[dict[str, Any]]:
        """Each visible project's latest current checkpoint (its jixiao/1 dict)."""
        stmt = (
            scope.visible_projects(
                select(TableRow.project_id, TableRow.as_of, TableRow.id, TableRow.data).join(
                    ProjectRow, ProjectRow.id == TableRow.project_id
                ),
                user,
            )
            .where(
                TableRow.stage == "checkpoint",
                TableRow.standing == "current",
                ProjectRow.archived == False,  # noqa: E712
            )
            .order_by(TableRow.project_id, TableRow.as_of, TableRow.id)
        )
        if year is not None:
            stmt = stmt.where(ProjectRow.year == year)
        if unit:
            stmt = stmt.where(unit_filter(unit))
        latest: dict[int, dict[str, Any]] = {}
        with self.session() as s:
            for pid, _as_of, _id, data in s.execute(stmt):
                latest[pid] = data
        return list(latest.values())[:limit]

    def checkpoints_without_light(self, limit: int = 10_000) -> list[tuple[int, dict[str, Any]]]:
        """Checkpoints whose colour is not known yet (written by the 0005 migration)."""
        with self.session() as s:
            rows = s.execute(
                select(TableRow.id, TableRow.data)
                .where(TableRow.stage == "checkpoint", TableRow.light.is_(None))
                .order_by(TableRow.id)
                .limit(limit)
            ).all()
        return [(int(i), dict(d)) for i, d in rows]

    def set_lights(self, lights: Mapping[int, str]) -> None:
        """Record checkpoints' colours (computed by the caller) and refresh their projects."""
        if not lights:
            return
        with self.session() as s, s.begin():
            for tid, light in lights.items():
                s.execute(update(TableRow).where(TableRow.id == tid).values(light=light))
            pids = s.scalars(select(TableRow.project_id).where(TableRow.id.in_(list(lights)))).all()
            refresh(s, pids)


__all__ = ["PROJECT_STATUSES", "ProjectFilter", "ProjectsMixin", "project_summary", "summary"]
