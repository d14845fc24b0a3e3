"""Writing a table into its project's record: the rule every write follows.

:func:`place` puts one table (a jixiao/1 dict with the findings the caller found) into the
project its identity names (:mod:`.identity`) and says what happened:

- ``new``: no such project — it is created with this table;
- ``same``: the content equals the stage's current (or pending) version after
  normalisation (:func:`jixiao.compare.content_key`) — nothing is stored;
- ``version``: a target whose content differs — a new draft version, or a pending revision
  (调整, ``standing`` pending) while the current target is submitted or approved;
- ``stage``: a self-evaluation or a checkpoint (per ``as_of``) of a known project — its
  new current version.

A stage's earlier versions stay, ``standing`` old.  The caller refreshes the touched
projects' aggregates (:func:`.aggregates.refresh`) before its transaction ends.

Looking a project up: the exact identity; else, for a table with a year, the same unit and
key with no year (the project takes the year when the table is a target); else, for a table
with no year, the one project of that unit and key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..errors import ConflictError
from ..model import parse_as_of
from ..text import bi, in_lang
from .identity import Identity, content_key, identify, identity_text, stage_of, unit_key
from .rows import finding_rows, indicator_rows, table_columns
from .schema import FindingRow, HistoryRow, IndicatorRow, ProjectRow, TableRow, Unit
from .users import User, now

LOCKED = ("submitted", "approved")  # a new target version waits as a pending revision


@dataclass(slots=True)
class Placed:
    """What became of one table: its status, project and stored row (the existing one for
    ``same``), and notes for the person who imported it."""

    status: str
    stage: str
    project_id: int
    table_id: int
    revision: int
    standing: str
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "stage": self.stage,
            "project_id": self.project_id,
            "table_id": self.table_id,
            "revision": self.revision,
            "standing": self.standing,
            "notes": self.notes,
        }


def ensure_units(s: Session, tables: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Insert missing 预算单位 rows; returns key → id for the given tables."""
    wanted: dict[str, dict[str, Any]] = {}
    for t in tables:
        key = unit_key(dict(t))
        if key and key not in wanted:
            u = t.get("unit") or {}
            wanted[key] = {
                "key": key,
                "code": (u.get("code") or None) and u["code"][:64],
                "name": u.get("name"),
            }
    if not wanted:
        return {}
    dialect = s.get_bind().dialect.name
    upsert = postgresql.insert(Unit) if dialect == "postgresql" else sqlite.insert(Unit)
    s.execute(upsert.on_conflict_do_nothing(index_elements=["key"]), list(wanted.values()))
    return dict(s.execute(select(Unit.key, Unit.id).where(Unit.key.in_(list(wanted)))).tuples().all())


def write_children(s: Session, table_id: int, data: dict[str, Any], findings: list[dict[str, Any]]) -> None:
    inds = indicator_rows(data)
    if inds:
        s.execute(insert(IndicatorRow), [{"table_id": table_id, **r} for r in inds])
    if findings:
        s.execute(insert(FindingRow), [{"table_id": table_id, **f} for f in findings])


def finding_counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "finding_count": len(findings),
        "error_count": sum(1 for f in findings if f["severity"] == "error"),
    }


def add_history(
    s: Session,
    user: User | None,
    action: str,
    table_id: int | None = None,
    project_id: int | None = None,
    *,
    note: Sequence[str] = (),
    **kw: Any,
) -> HistoryRow:
    """One history row; ``note``: what jixiao notes (:class:`~jixiao.text.Text`, kept in both
    languages), apart from ``comment`` (what the person wrote)."""
    row = HistoryRow(
        table_id=table_id,
        project_id=project_id,
        user_id=user.id if user else None,
        username=user.username if user else None,
        at=now(),
        action=action,
        note=[{"zh": in_lang(n, "zh"), "en": in_lang(n, "en")} for n in note] or None,
        **kw,
    )
    s.add(row)
    return row


def as_of_date(data: Mapping[str, Any]) -> date | None:
    """A 监控表's 截至日期 (``as_of``), or None."""
    return parse_as_of(data.get("as_of"))


def find_project(s: Session, ident: Identity, lock: bool = False) -> ProjectRow | None:
    """The project a table of ``ident`` belongs to (see the module doc), or None."""
    stmt = select(ProjectRow).where(ProjectRow.identity == ident.text)
    if lock and s.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    found = s.scalar(stmt)
    if found is not None:
        return found
    if ident.year is not None:
        return s.scalar(
            select(ProjectRow).where(ProjectRow.identity == identity_text(ident.unit_key, None, ident.key))
        )
    same_key = s.scalars(
        select(ProjectRow)
        .where(ProjectRow.key == ident.key, ProjectRow.identity.startswith(f"{ident.unit_key or ''}\x1f"))
        .limit(2)
    ).all()
    return same_key[0] if len(same_key) == 1 else None


def new_project(s: Session, ident: Identity, unit_id: int | None, stamp: datetime) -> ProjectRow:
    project = ProjectRow(
        **ident.columns(),
        unit_id=unit_id,
        archived=False,
        pending=False,
        indicator_count=0,
        finding_count=0,
        error_count=0,
        created_at=stamp,
        updated_at=stamp,
    )
    s.add(project)
    s.flush()
    return project


def _adopt_year(s: Session, project: ProjectRow, ident: Identity) -> None:
    """A project with no year takes the year of a target that prints (or was given) one."""
    if project.year is not None or ident.year is None:
        return
    text = identity_text(ident.unit_key, ident.year, project.key)
    if s.scalar(select(ProjectRow.id).where(ProjectRow.identity == text)) is None:
        project.year, project.identity = ident.year, text


def insert_row(
    s: Session,
    user: User | None,
    project: ProjectRow,
    data: dict[str, Any],
    findings: list[dict[str, Any]],
    *,
    stage: str,
    revision: int,
    standing: str,
    stamp: datetime,
    unit_id: int | None,
    document_id: int | None = None,
    position: int = 0,
    status: str = "draft",
    light: str | None = None,
) -> int:
    """Insert one table row with its indicators and findings; returns its id."""
    row = TableRow(
        **table_columns(data),
        **finding_counts(findings),
        unit_id=unit_id,
        document_id=document_id,
        position=position,
        data=data,
        status=status,
        version=1,
        created_at=stamp,
        updated_at=stamp,
        created_by=user.id if user else None,
        updated_by=user.id if user else None,
        project_id=project.id,
        stage=stage,
        revision=revision,
        standing=standing,
        counted=False,
        as_of=as_of_date(data) if stage == "checkpoint" else None,
        light=light if stage == "checkpoint" else None,
        content_hash=content_key(data),
    )
    s.add(row)
    s.flush()
    write_children(s, row.id, data, findings)
    return row.id


def place(
    s: Session,
    user: User | None,
    data: dict[str, Any],
    findings: Sequence[Mapping[str, Any]],
    *,
    stamp: datetime,
    units: Mapping[str, int],
    project: ProjectRow | None = None,
    light: str | None = None,
    document_id: int | None = None,
    position: int = 0,
    must_be_new: bool = False,
) -> Placed:
    """Put one normalised table dict into its project (see the module doc).  ``project``:
    the project it is known to belong to (a checkpoint or self-evaluation entered for it)."""
    ident = identify(data)
    stage = stage_of(data.get("kind"))
    found = finding_rows(findings)
    unit_id = units.get(ident.unit_key or "")
    if project is None:
        project = find_project(s, ident, lock=True)
    if project is not None and must_be_new:
        raise ConflictError(
            bi(
                f"项目「{project.name or project.key}」已存在（项目 {project.id}），请在该项目中修改",
                f"the project “{project.name or project.key}” exists (project {project.id}); change it there",
            )
        )
    kw: dict[str, Any] = {
        "stamp": stamp,
        "unit_id": unit_id,
        "document_id": document_id,
        "position": position,
        "light": light,
    }
    if project is None:
        project = new_project(s, ident, unit_id, stamp)
        tid = insert_row(s, user, project, data, found, stage=stage, revision=1, standing="current", **kw)
        return Placed("new", stage, project.id, tid, 1, "current")
    if stage == "target":
        _adopt_year(s, project, ident)
    chain = _chain(s, project.id, stage, as_of_date(data) if stage == "checkpoint" else None)
    key = content_key(data)
    for row in chain:
        if row.standing in ("current", "pending") and row.content_hash == key:
            return Placed("same", stage, project.id, row.id, row.revision, row.standing)
    revision = max((r.revision for r in chain), default=0) + 1
    current = next((r for r in chain if r.standing == "current"), None)
    standing = (
        "pending" if stage == "target" and current is not None and current.status in LOCKED else "current"
    )
    retire = [
        r.id for r in chain if r.standing == "pending" or (standing == "current" and r.standing == "current")
    ]
    if retire:
        s.execute(
            update(TableRow)
            .where(TableRow.id.in_(retire))
            .values(standing="old", counted=False)
            .execution_options(synchronize_session=False)
        )
    tid = insert_row(s, user, project, data, found, stage=stage, revision=revision, standing=standing, **kw)
    status = "version" if stage == "target" else "stage"
    return Placed(status, stage, project.id, tid, revision, standing)


def _chain(s: Session, project_id: int, stage: str, as_of: date | None) -> list[Any]:
    """A stage's versions (id, revision, standing, status, content_hash), oldest first."""
    stmt = select(
        TableRow.id, TableRow.revision, TableRow.standing, TableRow.status, TableRow.content_hash
    ).where(TableRow.project_id == project_id, TableRow.stage == stage)
    if stage == "checkpoint":
        stmt = stmt.where(TableRow.as_of.is_(None) if as_of is None else TableRow.as_of == as_of)
    return list(s.execute(stmt.order_by(TableRow.revision, TableRow.id)).all())


def next_revision(s: Session, project_id: int, stage: str) -> int:
    return (
        s.scalar(
            select(func.max(TableRow.revision)).where(
                TableRow.project_id == project_id, TableRow.stage == stage
            )
        )
        or 0
    ) + 1
