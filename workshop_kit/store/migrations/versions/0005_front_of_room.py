"""The front of the room: class size and language per workshop, and the presenter's panel.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("class_size", sa.Integer, nullable=True))
        batch.add_column(sa.Column("language", sa.String(16), nullable=False, server_default="en"))
    op.create_table(
        "presenter_views",
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id"), primary_key=True),
        sa.Column("panel", sa.String(40), nullable=False),
        sa.Column("item", sa.Integer, nullable=False, server_default="0"),
        sa.Column("revealed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
