"""Resume codes for participants; the instructor's stage locks and activity timer.

Revision ID: 0002
Revises: 0001
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"  # as workshop_kit.store.store.JOIN_CODE_ALPHABET


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("resume_code", sa.String(16), nullable=True))
    # Students who joined before resume codes existed get one now.
    conn = op.get_bind()
    people = sa.table("participants", sa.column("id"), sa.column("resume_code"))
    used: set[str] = set()
    for (person_id,) in conn.execute(sa.select(people.c.id)).all():
        code = ""
        while not code or code in used:
            letters = "".join(secrets.choice(ALPHABET) for _ in range(8))
            code = f"{letters[:4]}-{letters[4:]}"
        used.add(code)
        conn.execute(people.update().where(people.c.id == person_id).values(resume_code=code))
    op.create_index("ux_participants_resume_code", "participants", ["resume_code"], unique=True)
    op.create_table(
        "stage_locks",
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id"), primary_key=True),
        sa.Column("stage", sa.String(40), primary_key=True),
        sa.Column("locked", sa.Boolean, nullable=False),
    )
    op.create_table(
        "timers",
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id"), primary_key=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
    )
