"""Totals kept at write time (合计) for the dashboard and the units list (:mod:`jixiao.store.totals`).

Schema: ``project_sums`` (what each project not archived adds to the totals) and the buckets
``dashboard_sums``, ``dashboard_categories`` and ``dashboard_rules`` (level ``all`` per year,
status and kind; level ``unit`` the same per unit).  Schema only: the totals of the projects
already stored are computed when the upgrade reaches the newest schema
(:func:`jixiao.store.totals.backfill`, the code the writes use, in the upgrade's transaction),
since this migration must not run ORM code written for a later schema.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_BUCKET = (
    sa.Column("level", sa.String(8), nullable=False),
    sa.Column("unit_code", sa.String(64), nullable=False),
    sa.Column("unit_name", sa.String(200), nullable=False),
    sa.Column("year", sa.Integer(), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
)
_KEY = [c.name for c in _BUCKET]


def _bucket() -> list[sa.Column[object]]:
    return [c.copy() for c in _BUCKET]


def upgrade() -> None:
    op.create_table(
        "project_sums",
        sa.Column("project_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("unit_code", sa.String(64), nullable=False),
        sa.Column("unit_name", sa.String(200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("budget_fen", sa.BigInteger(), nullable=False),
        sa.Column("budgets", sa.Integer(), nullable=False),
        sa.Column("indicators", sa.Integer(), nullable=False),
        sa.Column("quantified", sa.Integer(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
    )
    op.create_table(
        "dashboard_sums",
        *_bucket(),
        sa.Column("projects", sa.Integer(), nullable=False),
        sa.Column("budget_fen", sa.BigInteger(), nullable=False),
        sa.Column("budgets", sa.Integer(), nullable=False),
        sa.Column("indicators", sa.Integer(), nullable=False),
        sa.Column("quantified", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*_KEY),
    )
    op.create_table(
        "dashboard_categories",
        *_bucket(),
        sa.Column("category1", sa.String(64), nullable=False),
        sa.Column("indicators", sa.Integer(), nullable=False),
        sa.Column("quantified", sa.Integer(), nullable=False),
        sa.Column("projects", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*_KEY, "category1"),
    )
    op.create_table(
        "dashboard_rules",
        *_bucket(),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*_KEY, "code", "severity"),
    )


def downgrade() -> None:
    for name in ("dashboard_rules", "dashboard_categories", "dashboard_sums", "project_sums"):
        op.drop_table(name)
