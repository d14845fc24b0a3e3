"""The indicator library (指标库): groups of peer indicators, their names, and a search index.

Schema: ``library_groups`` (a group of peer indicators with its figures), ``library_names``
(each normalised name of a 二级 category and unit class, and its group) and
``indicators.group_id``.  The search index on ``library_names.key`` is each database's own:

- PostgreSQL: the ``pg_trgm`` extension and a GIN index ``gin_trgm_ops`` (similarity ``%``,
  ``LIKE '%…%'``);
- SQLite: an FTS5 table with the trigram tokenizer (``MATCH``), external content on
  ``library_names``, kept in step by three triggers.  (A later batch migration that copies
  ``library_names`` must make the triggers again.)

Every existing indicator starts outside any group: ``jixiao library rebuild`` (or the first
import after the upgrade, for its own projects) places them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE library_names_fts USING fts5("
    "key, content='library_names', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER library_names_fts_ai AFTER INSERT ON library_names BEGIN "
    "INSERT INTO library_names_fts(rowid, key) VALUES (new.id, new.key); END",
    "CREATE TRIGGER library_names_fts_ad AFTER DELETE ON library_names BEGIN "
    "INSERT INTO library_names_fts(library_names_fts, rowid, key) VALUES ('delete', old.id, old.key); END",
    "CREATE TRIGGER library_names_fts_au AFTER UPDATE OF key ON library_names BEGIN "
    "INSERT INTO library_names_fts(library_names_fts, rowid, key) VALUES ('delete', old.id, old.key); "
    "INSERT INTO library_names_fts(rowid, key) VALUES (new.id, new.key); END",
)


def upgrade() -> None:
    op.create_table(
        "library_groups",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("level2", sa.String(64), nullable=False),
        sa.Column("family", sa.String(80), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("projects", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("pending", sa.Integer(), nullable=False),
        sa.Column("typical", sa.Text(), nullable=True),
        sa.Column("stats", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_library_groups_level2_projects", "library_groups", ["level2", "projects"])
    op.create_table(
        "library_names",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "group_id",
            sa.Integer(),
            sa.ForeignKey("library_groups.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("level2", sa.String(64), nullable=False),
        sa.Column("family", sa.String(80), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
    )
    op.create_index("ix_library_names_group_id", "library_names", ["group_id"])
    op.create_index("ux_library_names_bucket_key", "library_names", ["level2", "family", "key"], unique=True)
    op.add_column("indicators", sa.Column("group_id", sa.Integer(), nullable=True))
    op.create_index("ix_indicators_group_id", "indicators", ["group_id"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_library_names_key_trgm ON library_names USING gin (key gin_trgm_ops)")
    elif bind.dialect.name == "sqlite":
        for statement in _SQLITE_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("library_names_fts_ai", "library_names_fts_ad", "library_names_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS library_names_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_library_names_key_trgm")
    op.drop_index("ix_indicators_group_id", table_name="indicators")
    with op.batch_alter_table("indicators") as batch:
        batch.drop_column("group_id")
    op.drop_index("ux_library_names_bucket_key", table_name="library_names")
    op.drop_index("ix_library_names_group_id", table_name="library_names")
    op.drop_table("library_names")
    op.drop_index("ix_library_groups_level2_projects", table_name="library_groups")
    op.drop_table("library_groups")
