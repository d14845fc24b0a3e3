"""PostgreSQL: keep perf_tables' heap rows small (the jixiao/1 payload goes to TOAST), so
counting and scanning the list columns does not read every table's JSON.

A no-op on SQLite (its count uses the smallest index).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE perf_tables SET (toast_tuple_target = 256)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE perf_tables RESET (toast_tuple_target)")
