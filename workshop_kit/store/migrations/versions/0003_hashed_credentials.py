"""Participants' tokens and resume codes kept hashed and sealed, never in clear.

Revision ID: 0003
Revises: 0002

A copied database file no longer opens a student's page: see
``workshop_kit.store.credentials``. Every participant and every answer is kept.
"""

import sqlalchemy as sa
from alembic import op

from workshop_kit.store.credentials import sealed_columns

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("token_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("resume_code_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("resume_code_sealed", sa.String(64), nullable=True))
        batch.add_column(sa.Column("token_sealed", sa.String(128), nullable=True))
    conn = op.get_bind()
    people = sa.table(
        "participants",
        sa.column("id"),
        sa.column("token"),
        sa.column("resume_code"),
        sa.column("token_hash"),
        sa.column("resume_code_hash"),
        sa.column("resume_code_sealed"),
        sa.column("token_sealed"),
    )
    rows = conn.execute(sa.select(people.c.id, people.c.token, people.c.resume_code)).all()
    for person_id, token, resume_code in rows:
        # 0002 gave every participant a resume code
        columns = sealed_columns(token, resume_code)
        conn.execute(people.update().where(people.c.id == person_id).values(**columns))
    op.drop_index("ux_participants_resume_code", table_name="participants")
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("resume_code")
        batch.drop_column("token")
        batch.alter_column("token_hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("resume_code_hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("resume_code_sealed", existing_type=sa.String(64), nullable=False)
        batch.alter_column("token_sealed", existing_type=sa.String(128), nullable=False)
    op.create_index("ux_participants_token_hash", "participants", ["token_hash"], unique=True)
    op.create_index(
        "ux_participants_resume_code_hash", "participants", ["resume_code_hash"], unique=True
    )
