"""safeguarding and audit

Revision ID: 4d2fab8e6c31
Revises: 3c1e9a7d5b20
Create Date: 2026-11-22 18:20:01

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "4d2fab8e6c31"
down_revision = "3c1e9a7d5b20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "access_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user.id"], name=op.f("fk_access_record_actor_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_access_record_round_id_round"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_record")),
    )
    with op.batch_alter_table("access_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_record_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_record_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_record_round_id"), ["round_id"], unique=False)

    op.create_table(
        "worry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("read_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open", "handled", name="worry_status", native_enum=False, create_constraint=True, length=20
            ),
            nullable=False,
        ),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.Column("handling_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["handled_by_id"], ["user.id"], name=op.f("fk_worry_handled_by_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["raised_by_id"], ["user.id"], name=op.f("fk_worry_raised_by_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["read_by_id"], ["user.id"], name=op.f("fk_worry_read_by_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_worry_round_id_round"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worry")),
    )
    with op.batch_alter_table("worry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_worry_raised_by_id"), ["raised_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_worry_round_id"), ["round_id"], unique=False)

    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("safeguarding_lead_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_round_safeguarding_lead_id_user"),
            "user",
            ["safeguarding_lead_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_safeguarding_lead", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("is_safeguarding_lead")

    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_round_safeguarding_lead_id_user"), type_="foreignkey")
        batch_op.drop_column("safeguarding_lead_id")

    with op.batch_alter_table("worry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_worry_round_id"))
        batch_op.drop_index(batch_op.f("ix_worry_raised_by_id"))

    op.drop_table("worry")
    with op.batch_alter_table("access_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_record_round_id"))
        batch_op.drop_index(batch_op.f("ix_access_record_at"))
        batch_op.drop_index(batch_op.f("ix_access_record_actor_id"))

    op.drop_table("access_record")
