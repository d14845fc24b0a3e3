"""One record per project through its year: ``projects``, and every table a stage of one.

Schema: a ``projects`` table (identity, and the aggregates its list shows); on
``perf_tables`` the project, the stage (target / checkpoint / selfeval), the revision within
the stage, the standing (current / pending / old), whether totals count it, a checkpoint's
date and colour, and a content hash; ``history.project_id``; ``documents.outcome``.

Data, all kept:

- every table is given its project by identity (:mod:`jixiao.store.identity`): unit, year,
  project key.  A checkpoint or a self-evaluation that 0004 saved as a table of its own (year
  taken from its date, so unlike its target's when the target printed none) joins the
  project of its target: its exact identity first, else the same unit and key with no year;
- copies fold into versions: within a project and stage (a checkpoint: per date) the tables
  are revisions 1, 2, … in the order they were stored; the current target is the latest
  approved one, else the latest; a later unapproved one that differs from it is a pending
  revision (调整); the others are old versions;
- a 监控表 that 0004 wrote loses its prose encoding: the date in the title
  ``（截至YYYY-MM-DD）`` becomes ``as_of``; a remark ``全年预计：X；可能性：Y`` becomes
  ``expected`` and ``likelihood``; ``actual`` (1–N月执行情况) becomes ``progress``; a
  deviation ``<类别>：<说明>`` becomes ``reason_category`` and ``reason``.  Its colour is
  left empty here (the store runs no rules): :func:`jixiao.actions.open_store` fills it;
- history rows get their table's project — a deleted table's too, by the identity of the
  content its history recorded.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from jixiao.model import LIKELIHOODS, REASON_CATEGORIES, parse_as_of
from jixiao.store.aggregates import project_fields
from jixiao.store.identity import Identity, content_key, identify, identity_text, stage_of
from jixiao.store.rows import indicator_rows, normalize_table
from jixiao.values import parse_value

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TITLE_DATE = re.compile(r"（截至(\d{4})-(\d{2})-(\d{2})）$")
_REMARK = re.compile(r"^全年预计：(?P<expected>.*?)(?:；可能性：(?P<likelihood>\S+))?$")
# The indicators columns of 0005 (a later migration may add more; these are what exist here).
_INDICATOR_COLUMNS = (
    "table_id",
    "position",
    "level1",
    "level2",
    "category1",
    "category2",
    "name",
    "description",
    "period",
    "target_text",
    "target_op",
    "target_number",
    "target_unit",
    "target_qualitative",
    "actual_text",
    "actual_number",
    "weight",
    "score",
)

perf_tables = sa.table(
    "perf_tables",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("status", sa.String),
    sa.column("title", sa.Text),
    sa.column("data", sa.JSON),
    sa.column("money_unit", sa.String),
    sa.column("budget_total", sa.Float),
    sa.column("indicator_count", sa.Integer),
    sa.column("finding_count", sa.Integer),
    sa.column("error_count", sa.Integer),
    sa.column("total_score", sa.Float),
    sa.column("grade", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
    sa.column("project_id", sa.Integer),
    sa.column("stage", sa.String),
    sa.column("revision", sa.Integer),
    sa.column("standing", sa.String),
    sa.column("counted", sa.Boolean),
    sa.column("as_of", sa.Date),
    sa.column("content_hash", sa.String),
)
projects = sa.table(
    "projects",
    *(
        sa.column(name, type_)
        for name, type_ in (
            ("id", sa.Integer),
            ("identity", sa.String),
            ("unit_id", sa.Integer),
            ("unit_code", sa.String),
            ("unit_name", sa.Text),
            ("year", sa.Integer),
            ("key", sa.String),
            ("code", sa.String),
            ("name", sa.Text),
            ("kind", sa.String),
            ("archived", sa.Boolean),
            ("status", sa.String),
            ("target_id", sa.Integer),
            ("pending", sa.Boolean),
            ("money_unit", sa.String),
            ("budget_total", sa.Float),
            ("budget_wan", sa.Float),
            ("indicator_count", sa.Integer),
            ("finding_count", sa.Integer),
            ("error_count", sa.Integer),
            ("light", sa.String),
            ("as_of", sa.Date),
            ("score", sa.Float),
            ("grade", sa.String),
            ("created_at", sa.DateTime(timezone=True)),
            ("updated_at", sa.DateTime(timezone=True)),
        )
    ),
)
history = sa.table(
    "history",
    sa.column("id", sa.Integer),
    sa.column("table_id", sa.Integer),
    sa.column("project_id", sa.Integer),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
)
indicators = sa.table("indicators", *(sa.column(c) for c in ("id", *_INDICATOR_COLUMNS)))
units = sa.table("units", sa.column("id", sa.Integer), sa.column("key", sa.String))


def _value(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    v = parse_value(text)
    return {"text": v.text, "op": v.op, "number": v.number, "unit": v.unit, "qualitative": v.qualitative}


def unencode_monitoring(data: dict[str, Any]) -> dict[str, Any]:
    """A 监控表 as 0004 wrote it → the same with the monitoring fields (see the module doc)."""
    d = copy.deepcopy(data)
    m = _TITLE_DATE.search(d.get("title") or "")
    if m:
        d["as_of"] = d.get("as_of") or f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        d["title"] = (d["title"][: m.start()] or None) if d.get("title") else None
    for ind in d.get("indicators") or []:
        r = _REMARK.match(ind.get("remark") or "")
        if r:
            ind["expected"] = _value(r.group("expected") or None)
            likelihood = r.group("likelihood")
            ind["likelihood"] = likelihood if likelihood in LIKELIHOODS else None
            ind["remark"] = None
        if ind.get("actual") and not ind.get("progress"):
            ind["progress"], ind["actual"] = ind["actual"], None
        deviation = ind.get("deviation")
        if deviation and not ind.get("reason_category") and not ind.get("reason"):
            head, sep, rest = deviation.partition("：")
            if sep and head in REASON_CATEGORIES:
                ind["reason_category"], ind["reason"] = head, rest or None
            elif deviation in REASON_CATEGORIES:
                ind["reason_category"] = deviation
            else:
                ind["reason_category"], ind["reason"] = "其他", deviation
            ind["deviation"] = None
    return normalize_table(d)


def _schema() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity", sa.String(length=600), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("unit_code", sa.String(length=64), nullable=True),
        sa.Column("unit_name", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("pending", sa.Boolean(), nullable=False),
        sa.Column("money_unit", sa.String(length=8), nullable=True),
        sa.Column("budget_total", sa.Float(), nullable=True),
        sa.Column("budget_wan", sa.Float(), nullable=True),
        sa.Column("indicator_count", sa.Integer(), nullable=False),
        sa.Column("finding_count", sa.Integer(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("light", sa.String(length=8), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("grade", sa.String(length=8), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('project', 'department')", name="ck_projects_kind"),
        sa.CheckConstraint("year IS NULL OR (year >= 1900 AND year <= 2200)", name="ck_projects_year"),
        sa.CheckConstraint("light IS NULL OR light IN ('green', 'yellow', 'red')", name="ck_projects_light"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("identity"),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index("ix_projects_archived_id", ["archived", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_unit_code"), ["unit_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_year"), ["year"], unique=False)
    with op.batch_alter_table("perf_tables", schema=None) as batch_op:
        batch_op.add_column(sa.Column("project_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("stage", sa.String(length=16), nullable=False, server_default="target"))
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(
            sa.Column("standing", sa.String(length=16), nullable=False, server_default="current")
        )
        batch_op.add_column(sa.Column("counted", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("as_of", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("light", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("content_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.add_column(sa.Column("project_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_history_project_id"), ["project_id"], unique=False)
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.JSON(), nullable=True))


def _constraints() -> None:
    with op.batch_alter_table("perf_tables", schema=None) as batch_op:
        batch_op.alter_column("project_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            "fk_perf_tables_project_id_projects", "projects", ["project_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_index(batch_op.f("ix_perf_tables_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_perf_tables_counted"), ["counted"], unique=False)
        batch_op.create_check_constraint(
            "ck_perf_tables_stage", "stage IN ('target', 'checkpoint', 'selfeval')"
        )
        batch_op.create_check_constraint(
            "ck_perf_tables_standing", "standing IN ('current', 'pending', 'old')"
        )
        batch_op.create_check_constraint(
            "ck_perf_tables_light", "light IS NULL OR light IN ('green', 'yellow', 'red')"
        )


class _Row:
    """What the fold needs of one table (its JSON is not kept)."""

    __slots__ = ("as_of", "fields", "hash", "id", "identity", "stage", "status", "times")

    def __init__(self, r: Any, data: dict[str, Any]) -> None:
        self.id: int = r.id
        self.stage = stage_of(r.kind)
        self.status: str = r.status
        self.identity: Identity = identify(data)
        self.hash = content_key(data)
        self.as_of = parse_as_of(data.get("as_of")) if self.stage == "checkpoint" else None
        self.times = (r.created_at, r.updated_at)
        self.fields = {
            "id": r.id,
            "stage": self.stage,
            "status": r.status,
            "money_unit": r.money_unit,
            "budget_total": r.budget_total,
            "indicator_count": r.indicator_count,
            "finding_count": r.finding_count,
            "error_count": r.error_count,
            "total_score": r.total_score,
            "grade": r.grade,
            "as_of": self.as_of,
            "light": None,
        }


def _read(conn: sa.Connection) -> tuple[list[_Row], dict[int, dict[str, Any]]]:
    """Every table (streamed), and the 监控表 rewritten without their prose encoding."""
    rows: list[_Row] = []
    rewritten: dict[int, dict[str, Any]] = {}
    result = conn.execute(
        sa.select(
            perf_tables.c.id,
            perf_tables.c.kind,
            perf_tables.c.status,
            perf_tables.c.data,
            perf_tables.c.money_unit,
            perf_tables.c.budget_total,
            perf_tables.c.indicator_count,
            perf_tables.c.finding_count,
            perf_tables.c.error_count,
            perf_tables.c.total_score,
            perf_tables.c.grade,
            perf_tables.c.created_at,
            perf_tables.c.updated_at,
        )
        .order_by(perf_tables.c.id)
        .execution_options(stream_results=True, yield_per=500)
    )
    for r in result:
        data = r.data or {}
        if r.kind == "monitoring":
            data = rewritten[r.id] = unencode_monitoring(data)
        rows.append(_Row(r, data))
    return rows, rewritten


def _group(rows: list[_Row]) -> dict[str, list[_Row]]:
    """Tables by project identity: targets first, then stages join (see the module doc)."""
    groups: dict[str, list[_Row]] = defaultdict(list)
    by_key: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.stage != "target", r.id)):
        ident = row.identity
        text = ident.text
        if text not in groups and row.stage != "target":
            undated = identity_text(ident.unit_key, None, ident.key)
            same_key = by_key.get((ident.unit_key, ident.key), [])
            if ident.year is not None and undated in groups:
                text = undated
            elif ident.year is None and len(same_key) == 1:
                text = same_key[0]
        if text not in groups:
            by_key[(ident.unit_key, ident.key)].append(text)
        groups[text].append(row)
    return groups


def _standings(members: list[_Row]) -> dict[int, tuple[int, str]]:
    """(revision, standing) of each table of one project (see the module doc).  Revisions
    follow the order the tables were stored; "latest" means last changed (an edit of an
    earlier copy makes it the latest)."""
    out: dict[int, tuple[int, str]] = {}
    chains: dict[tuple[str, date | None], list[_Row]] = defaultdict(list)
    for row in sorted(members, key=lambda r: r.id):
        chains[(row.stage, row.as_of)].append(row)
    for (stage, _), chain in chains.items():
        by_change = sorted(chain, key=lambda r: (_naive(r.times[1]), r.id))
        current = by_change[-1]
        if stage == "target":
            approved = [r for r in by_change if r.status == "approved"]
            current = approved[-1] if approved else current
        later = [
            r
            for r in by_change
            if _naive(r.times[1]) > _naive(current.times[1])
            and r.status != "approved"
            and r.hash != current.hash
        ]
        pending = later[-1] if later else None
        for n, row in enumerate(chain, start=1):
            standing = "current" if row is current else "pending" if row is pending else "old"
            out[row.id] = (n, standing)
    return out


def _naive(at: datetime | None) -> datetime:
    """A timestamp comparable with any other (SQLite gives them without a zone)."""
    if at is None:
        return datetime.min
    return at.replace(tzinfo=None) if at.tzinfo is None else at.astimezone(UTC).replace(tzinfo=None)


def upgrade() -> None:
    _schema()
    conn = op.get_bind()
    rows, rewritten = _read(conn)
    unit_ids = dict(conn.execute(sa.select(units.c.key, units.c.id)).all())
    stamp = datetime.now(UTC)
    table_project: dict[int, int] = {}
    project_of_identity: dict[str, int] = {}
    updates: list[dict[str, Any]] = []
    for pid, (text, members) in enumerate(_group(rows).items(), start=1):
        ident = members[0].identity if text == members[0].identity.text else _owner(members, text)
        standings = _standings(members)
        fields = project_fields(
            [{**m.fields, "standing": standings[m.id][1], "revision": standings[m.id][0]} for m in members]
        )
        counted_id = fields.pop("counted_id")
        conn.execute(
            projects.insert().values(
                id=pid,
                **{**ident.columns(), "identity": text},
                unit_id=unit_ids.get(ident.unit_key or ""),
                archived=False,
                created_at=min(m.times[0] for m in members) or stamp,
                updated_at=max(m.times[1] for m in members) or stamp,
                **fields,
            )
        )
        project_of_identity[text] = pid
        for m in members:
            table_project[m.id] = pid
            revision_, standing = standings[m.id]
            updates.append(
                {
                    "t_id": m.id,
                    "t_project_id": pid,
                    "t_stage": m.stage,
                    "t_revision": revision_,
                    "t_standing": standing,
                    "t_counted": m.id == counted_id,
                    "t_as_of": m.as_of,
                    "t_hash": m.hash,
                }
            )
    if updates:
        conn.execute(
            perf_tables.update()
            .where(perf_tables.c.id == sa.bindparam("t_id"))
            .values(
                project_id=sa.bindparam("t_project_id"),
                stage=sa.bindparam("t_stage"),
                revision=sa.bindparam("t_revision"),
                standing=sa.bindparam("t_standing"),
                counted=sa.bindparam("t_counted"),
                as_of=sa.bindparam("t_as_of"),
                content_hash=sa.bindparam("t_hash"),
            ),
            updates,
        )
    _rewrite_monitoring(conn, rewritten)
    _history(conn, table_project, project_of_identity)
    if conn.dialect.name == "postgresql" and table_project:
        conn.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('projects', 'id'), (SELECT max(id) FROM projects))")
        )
    _constraints()


def _owner(members: list[_Row], text: str) -> Identity:
    """The identity a group was opened under (its first member may have joined it by key)."""
    for m in members:
        if m.identity.text == text:
            return m.identity
    return members[0].identity


def _rewrite_monitoring(conn: sa.Connection, rewritten: dict[int, dict[str, Any]]) -> None:
    for tid, data in rewritten.items():
        conn.execute(
            perf_tables.update().where(perf_tables.c.id == tid).values(data=data, title=data.get("title"))
        )
        conn.execute(indicators.delete().where(indicators.c.table_id == tid))
        rows = [{k: r.get(k) for k in _INDICATOR_COLUMNS if k != "table_id"} for r in indicator_rows(data)]
        if rows:
            conn.execute(indicators.insert(), [{"table_id": tid, **r} for r in rows])


def _history(conn: sa.Connection, table_project: dict[int, int], project_of: dict[str, int]) -> None:
    """history.project_id: the table's project; for a deleted table, the project its recorded
    content belongs to, when there is one."""
    by_table: dict[int, int | None] = {}
    for h in conn.execute(
        sa.select(history.c.id, history.c.table_id, history.c.before, history.c.after).order_by(history.c.id)
    ):
        if h.table_id is None:
            continue
        if h.table_id in table_project:
            by_table[h.table_id] = table_project[h.table_id]
        elif by_table.get(h.table_id) is None:
            data = h.after or h.before
            if isinstance(data, dict):
                ident = identify(data)
                by_table[h.table_id] = project_of.get(ident.text) or project_of.get(
                    identity_text(ident.unit_key, None, ident.key)
                )
    for table_id, pid in by_table.items():
        if pid is not None:
            conn.execute(history.update().where(history.c.table_id == table_id).values(project_id=pid))


def downgrade() -> None:
    with op.batch_alter_table("perf_tables", schema=None) as batch_op:
        batch_op.drop_constraint("ck_perf_tables_light", type_="check")
        batch_op.drop_constraint("ck_perf_tables_standing", type_="check")
        batch_op.drop_constraint("ck_perf_tables_stage", type_="check")
        batch_op.drop_index(batch_op.f("ix_perf_tables_counted"))
        batch_op.drop_index(batch_op.f("ix_perf_tables_project_id"))
        batch_op.drop_constraint("fk_perf_tables_project_id_projects", type_="foreignkey")
        for column in (
            "content_hash",
            "light",
            "as_of",
            "counted",
            "standing",
            "revision",
            "stage",
            "project_id",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_history_project_id"))
        batch_op.drop_column("project_id")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("outcome")
    op.drop_table("projects")
