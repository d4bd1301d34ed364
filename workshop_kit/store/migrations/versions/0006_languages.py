"""English and French: the language a student chose, and the one each answer and idea
was given in (ids are the same in every language, so a mixed class counts together).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("language", sa.String(16), nullable=True))
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("language", sa.String(16), nullable=False, server_default="en"))
    with op.batch_alter_table("ideas") as batch:
        batch.add_column(sa.Column("language", sa.String(16), nullable=False, server_default="en"))


def downgrade() -> None:
    for table in ("ideas", "answers", "participants"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("language")
