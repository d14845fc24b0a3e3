"""The reviewer's desk: notifications, mail addresses, a project's indicator framework, and
history that tells a person's comment from jixiao's note.

Schema: a ``notifications`` table (one row per user and history entry it should know of);
``users.email``; ``projects.framework`` (2015 | 2021, the choices its editor offers);
``history.note`` (jixiao's notes in both languages) and an index on ``history.at`` (the
audit log's date filter).

Data: the notes jixiao wrote into ``history.comment`` (imports: 新项目 / 第N版 …; deletions,
checkpoints and self-evaluations: 第N版) move to ``note`` — ``comment`` is what a person
wrote from now on (the conversation shows it).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_SYSTEM_ACTIONS = ("import", "delete", "checkpoint", "selfeval")


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("history_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(150), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mailed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_notifications_user_read", "notifications", ["user_id", "read_at"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email", sa.String(320), nullable=True))
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("framework", sa.String(8), nullable=True))
    with op.batch_alter_table("history") as batch:
        batch.add_column(sa.Column("note", sa.JSON(), nullable=True))
    op.create_index("ix_history_at", "history", ["at"])
    history = sa.table(
        "history",
        sa.column("id", sa.Integer()),
        sa.column("action", sa.String()),
        sa.column("comment", sa.Text()),
        sa.column("note", sa.JSON()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(history.c.id, history.c.comment).where(
            history.c.action.in_(_SYSTEM_ACTIONS), history.c.comment.is_not(None)
        )
    ).all()
    for hid, comment in rows:
        bind.execute(
            history.update()
            .where(history.c.id == hid)
            .values(note=[{"zh": comment, "en": comment}], comment=None)
        )


def downgrade() -> None:
    op.drop_index("ix_history_at", table_name="history")
    with op.batch_alter_table("history") as batch:
        batch.drop_column("note")
    with op.batch_alter_table("projects") as batch:
        batch.drop_column("framework")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email")
    op.drop_index("ix_notifications_user_read", table_name="notifications")
    op.drop_table("notifications")
