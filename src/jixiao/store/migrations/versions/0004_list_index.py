"""An index on perf_tables(id) for the table list: a deep page (OFFSET 40 000) walks this small
index instead of every row of the table (SQLite's rowid table holds the whole row), and the
page's rows are then fetched by id.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_perf_tables_id_list", "perf_tables", ["id"])


def downgrade() -> None:
    op.drop_index("ix_perf_tables_id_list", table_name="perf_tables")
