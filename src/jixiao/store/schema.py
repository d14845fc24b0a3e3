"""The database schema (SQLAlchemy 2 declarative models).

One row per 预算单位 (``units``), per project through its year (``projects``: identity,
and the aggregates its list shows), per imported file (``documents``, unique by sha256),
per table of a project's stages (``perf_tables``: a version of its 绩效目标表, a 运行监控
checkpoint or its 自评表 — the full ``jixiao/1`` dict in ``data`` plus normalized columns
for filtering), per 三级指标 (``indicators``), per review finding (``findings``), per user,
API token, browser session and login attempt, one ``history`` row for every change
(who, when, action, before and after), and one ``import_jobs`` row per queued import (its
file until it is read, its progress and its result).  The indicator library (指标库,
:mod:`jixiao.library`) keeps its groups of peer indicators (``library_groups``, each with its
figures) and the normalised names that lead to them (``library_names``); ``indicators.group_id``
says which group an indicator belongs to (NULL until the library has placed it).

The schema changes only through the Alembic migrations in ``jixiao/store/migrations``;
``Base.metadata`` here is what they were written from.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Unit(Base):
    """预算单位: ``key`` is the code when printed, else the name."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    code: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(Text)


class ProjectRow(Base):
    """A project (项目) through its year: (unit, year, key) — see :mod:`.identity`.

    The columns after ``archived`` are its list's aggregates, written with every change of
    its tables (:func:`jixiao.store.projects.refresh`): the current target's status and
    figures, the latest checkpoint's colour, the self-evaluation's score and grade."""

    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identity: Mapped[str] = mapped_column(String(600), unique=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    unit_code: Mapped[str | None] = mapped_column(String(64), index=True)
    unit_name: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    key: Mapped[str] = mapped_column(String(400))
    code: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="project")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str | None] = mapped_column(String(16), index=True)
    target_id: Mapped[int | None] = mapped_column(Integer)
    pending: Mapped[bool] = mapped_column(Boolean, default=False)
    money_unit: Mapped[str | None] = mapped_column(String(8))
    budget_total: Mapped[float | None] = mapped_column(Float)
    budget_wan: Mapped[float | None] = mapped_column(Float)
    indicator_count: Mapped[int] = mapped_column(Integer, default=0)
    finding_count: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    light: Mapped[str | None] = mapped_column(String(8))
    as_of: Mapped[date | None] = mapped_column(Date)
    score: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # the indicator framework (指标体系) its editor offers: "2015" | "2021" | None (as its table shows)
    framework: Mapped[str | None] = mapped_column(String(8))

    __table_args__ = (
        # the list walks this (not the rows) to a deep page of the projects not archived
        Index("ix_projects_archived_id", "archived", "id"),
        CheckConstraint("kind IN ('project', 'department')", name="ck_projects_kind"),
        CheckConstraint("year IS NULL OR (year >= 1900 AND year <= 2200)", name="ck_projects_year"),
        CheckConstraint("light IS NULL OR light IN ('green', 'yellow', 'red')", name="ck_projects_light"),
    )


class ProjectSum(Base):
    """What a project not archived adds to the totals, as last added (:mod:`.totals`): its
    bucket (unit, year, status, kind of its counted table; '' and 0 where absent), budget in
    分, indicators and quantified ones, those per 一级 (``{category: [n, quantified]}``) and its
    findings per rule (``{"JX204/warning": n}``)."""

    __tablename__ = "project_sums"
    project_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # no FK: outlives its project
    unit_code: Mapped[str] = mapped_column(String(64))
    unit_name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    budget_fen: Mapped[int] = mapped_column(BigInteger)
    budgets: Mapped[int] = mapped_column(Integer)
    indicators: Mapped[int] = mapped_column(Integer)
    quantified: Mapped[int] = mapped_column(Integer)
    categories: Mapped[dict[str, Any]] = mapped_column(JSON)
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)


class _Bucket:
    """The key of a totals bucket (:mod:`.totals`): level ``all`` or ``unit``, then the unit
    (empty at level ``all``), year, target status and the counted table's kind."""

    # sort_order: these come first, in this order, in the table and its primary key
    level: Mapped[str] = mapped_column(String(8), primary_key=True, sort_order=-6)
    unit_code: Mapped[str] = mapped_column(String(64), primary_key=True, sort_order=-5)
    unit_name: Mapped[str] = mapped_column(String(200), primary_key=True, sort_order=-4)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-3)
    status: Mapped[str] = mapped_column(String(16), primary_key=True, sort_order=-2)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True, sort_order=-1)


class DashboardSum(_Bucket, Base):
    """Projects, budget (分; ``budgets`` of them have one), indicators of a bucket."""

    __tablename__ = "dashboard_sums"
    projects: Mapped[int] = mapped_column(Integer)
    budget_fen: Mapped[int] = mapped_column(BigInteger)
    budgets: Mapped[int] = mapped_column(Integer)
    indicators: Mapped[int] = mapped_column(Integer)
    quantified: Mapped[int] = mapped_column(Integer)


class DashboardCategory(_Bucket, Base):
    """A bucket's indicators of one 一级 category ('' unmapped), and how many projects have any."""

    __tablename__ = "dashboard_categories"
    category1: Mapped[str] = mapped_column(String(64), primary_key=True)
    indicators: Mapped[int] = mapped_column(Integer)
    quantified: Mapped[int] = mapped_column(Integer)
    projects: Mapped[int] = mapped_column(Integer)


class DashboardRule(_Bucket, Base):
    """A bucket's findings of one rule code and severity."""

    __tablename__ = "dashboard_rules"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    severity: Mapped[str] = mapped_column(String(16), primary_key=True)
    findings: Mapped[int] = mapped_column(Integer)


class DocumentRow(Base):
    """One imported source file; ``sha256`` keeps the same file from being imported twice."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str | None] = mapped_column(String(32))
    warnings: Mapped[list[Any] | None] = mapped_column(JSON)
    table_count: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # What became of each table: [{index, status: new|same|version|stage, stage, project_id, table_id}]
    outcome: Mapped[list[Any] | None] = mapped_column(JSON)


class TableRow(Base):
    """One table of a project: a version of its 绩效目标表 (``stage`` target, with its review
    status), a 运行监控 checkpoint (``as_of``, ``light``) or a version of its 自评表.

    ``version`` counts edits (optimistic locking); ``revision`` numbers the stage's versions
    (per ``as_of`` for checkpoints); ``standing`` says which is current; ``counted`` marks the
    one table per project that totals count (its current target, else its latest stage);
    ``content_hash`` is :func:`jixiao.compare.content_key` of ``data``."""

    __tablename__ = "perf_tables"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    unit_code: Mapped[str | None] = mapped_column(String(64), index=True)
    unit_name: Mapped[str | None] = mapped_column(Text)
    department_name: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    title: Mapped[str | None] = mapped_column(Text)
    project_name: Mapped[str | None] = mapped_column(Text)
    money_unit: Mapped[str | None] = mapped_column(String(8))
    budget_total: Mapped[float | None] = mapped_column(Float)
    budget_fiscal: Mapped[float | None] = mapped_column(Float)
    indicator_count: Mapped[int] = mapped_column(Integer, default=0)
    quantified_count: Mapped[int] = mapped_column(Integer, default=0)
    finding_count: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    total_score: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(8))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(16), default="target")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    standing: Mapped[str] = mapped_column(String(16), default="current")
    counted: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    as_of: Mapped[date | None] = mapped_column(Date)
    light: Mapped[str | None] = mapped_column(String(8))
    content_hash: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_perf_tables_kind_year", "kind", "year"),
        Index("ix_perf_tables_id_list", "id"),  # the list's deep pages walk this, not the rows (0004)
        CheckConstraint("year IS NULL OR (year >= 1900 AND year <= 2200)", name="ck_perf_tables_year"),
        CheckConstraint(
            "status IN ('draft', 'submitted', 'returned', 'approved')", name="ck_perf_tables_status"
        ),
        CheckConstraint("version >= 1", name="ck_perf_tables_version"),
        CheckConstraint("stage IN ('target', 'checkpoint', 'selfeval')", name="ck_perf_tables_stage"),
        CheckConstraint("standing IN ('current', 'pending', 'old')", name="ck_perf_tables_standing"),
        CheckConstraint("light IS NULL OR light IN ('green', 'yellow', 'red')", name="ck_perf_tables_light"),
    )


class IndicatorRow(Base):
    """One 三级指标 of a table (a copy of ``perf_tables.data`` for aggregates and filters)."""

    __tablename__ = "indicators"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("perf_tables.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    level1: Mapped[str | None] = mapped_column(Text)
    level2: Mapped[str | None] = mapped_column(Text)
    category1: Mapped[str | None] = mapped_column(String(64))
    category2: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    period: Mapped[str | None] = mapped_column(String(16))
    target_text: Mapped[str | None] = mapped_column(Text)
    target_op: Mapped[str | None] = mapped_column(String(4))
    target_number: Mapped[float | None] = mapped_column(Float)
    target_unit: Mapped[str | None] = mapped_column(String(64))
    target_qualitative: Mapped[bool | None] = mapped_column(Boolean)
    actual_text: Mapped[str | None] = mapped_column(Text)
    actual_number: Mapped[float | None] = mapped_column(Float)
    weight: Mapped[float | None] = mapped_column(Float)
    score: Mapped[float | None] = mapped_column(Float)
    # its group in the indicator library (no foreign key: a rebuild replaces every group at once)
    group_id: Mapped[int | None] = mapped_column(Integer, index=True)


class LibraryGroup(Base):
    """A group of peer indicators (同类指标) in the indicator library (指标库): indicators of one
    standard 二级 category (``level2``, ``""`` when unknown) and one class of units (``family``,
    :func:`jixiao.values.unit_class`) whose names are alike (:mod:`jixiao.library.names`).

    The figures — how many projects and units use it, its printed names and units, the
    distribution of its targets per unit of measure, its actuals and the share of targets met
    — are written by :mod:`jixiao.library` (``stats``, the columns beside it for ordering);
    ``pending`` counts the member changes since they were computed."""

    __tablename__ = "library_groups"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level2: Mapped[str] = mapped_column(String(64))
    family: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(200))
    words: Mapped[str] = mapped_column(Text)
    members: Mapped[int] = mapped_column(Integer, default=0)
    projects: Mapped[int] = mapped_column(Integer, default=0)
    units: Mapped[int] = mapped_column(Integer, default=0)
    pending: Mapped[int] = mapped_column(Integer, default=0)
    typical: Mapped[str | None] = mapped_column(Text)
    stats: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_library_groups_level2_projects", "level2", "projects"),)


class LibraryName(Base):
    """A normalised indicator name (``key``) of one 二级 category and unit class, the group it
    belongs to, a printed form of it and how many indicators carry it.  The search index of
    the library is on ``key`` (see :data:`SEARCH_OBJECTS`)."""

    __tablename__ = "library_names"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("library_groups.id", ondelete="CASCADE"), index=True)
    level2: Mapped[str] = mapped_column(String(64))
    family: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(Text)
    uses: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ux_library_names_bucket_key", "level2", "family", "key", unique=True),)


# The library's search indexes, made by the 0007 migration in each database's own terms and so
# not in the models: PostgreSQL's pg_trgm GIN index on library_names.key, SQLite's FTS5 table
# with the trigram tokenizer over it (its shadow tables share its prefix) and the triggers that
# keep it in step.
SEARCH_OBJECTS: frozenset[str] = frozenset({"ix_library_names_key_trgm", "library_names_fts"})


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic's filter: leave the search indexes (:data:`SEARCH_OBJECTS`) out of comparisons."""
    return not (name and (name in SEARCH_OBJECTS or name.startswith("library_names_fts")))


class FindingRow(Base):
    """A review finding (rule code, severity, indicator index, message arguments)."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("perf_tables.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16), index=True)
    severity: Mapped[str] = mapped_column(String(16))
    indicator: Mapped[int | None] = mapped_column(Integer)
    args: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    message: Mapped[str | None] = mapped_column(Text)


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'reviewer', 'filer', 'viewer')", name="ck_users_role"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    unit_code: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    email: Mapped[str | None] = mapped_column(String(320))  # for notifications by mail (optional)


class TokenRow(Base):
    """A bearer token for scripts; only its sha256 is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SessionRow(Base):
    """A browser session (its id travels in a signed cookie) with its CSRF token."""

    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    """Failed logins, for rate limiting across workers."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(150), index=True)
    client: Mapped[str | None] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class HistoryRow(Base):
    """Every change (the audit log, 操作记录): who, when, what action, the table before and
    after.  ``comment`` is what a person wrote (审核意见, a comment of the conversation);
    ``note`` what jixiao noted, in both languages (``[{"zh", "en"}]``)."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_at", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_id: Mapped[int | None] = mapped_column(Integer, index=True)
    project_id: Mapped[int | None] = mapped_column(Integer, index=True)  # kept when it is deleted
    document_id: Mapped[int | None] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str | None] = mapped_column(String(150))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[list[Any] | None] = mapped_column(JSON)


class NotificationRow(Base):
    """An in-app notification (通知) of one user: a history entry of a project it should know
    of (a submission to review, a return, an approval, a comment); unread until ``read_at``.
    ``mailed_at``: when it was sent by mail (only with SMTP set up)."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    project_id: Mapped[int | None] = mapped_column(Integer)
    history_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str | None] = mapped_column(String(150))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    mailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Setting(Base):
    """Installation-wide values shared by every worker (e.g. the cookie signing secret)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


JOB_STATUSES: tuple[str, ...] = ("queued", "running", "done", "error")


class ImportJobRow(Base):
    """导入任务: one uploaded file waiting to be imported, being imported, or imported.

    ``data`` holds the file until the import has run (a worker on another machine reads it
    from here) and is emptied then; ``stage`` and ``progress`` (0–100) say how far it got;
    ``result`` is the import's result (:meth:`jixiao.actions.FileImport.to_dict`).
    ``document_id`` is written in the same transaction as the import itself, so a job whose
    worker died after that commit is known to be imported, and is never imported twice."""

    __tablename__ = "import_jobs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'error')", name="ck_import_jobs_status"),
        Index("ix_import_jobs_user_id", "user_id", "id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str | None] = mapped_column(String(64))
    unit: Mapped[str | None] = mapped_column(String(64))
    year: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    stage: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


def ours(name: str | None, type_: str, _parent: object = None) -> bool:
    """Alembic's ``include_name``: the job queue's own objects (``procrastinate_*``, applied
    as its SQL by migration 0008) are not described here, so autogenerate leaves them be."""
    return not (name or "").startswith("procrastinate")
