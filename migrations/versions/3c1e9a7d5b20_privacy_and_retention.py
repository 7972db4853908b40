"""privacy and retention

Revision ID: 3c1e9a7d5b20
Revises: faf9184f067e
Create Date: 2026-11-22 18:20:00

"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3c1e9a7d5b20"
down_revision = "faf9184f067e"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "privacy_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_text", sa.Text(), nullable=False),
        sa.Column("young_text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_privacy_notice_single_row")),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user.id"],
            name=op.f("fk_privacy_notice_updated_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_notice")),
    )
    op.create_table(
        "removal_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "removed",
                "declined",
                "withdrawn",
                name="removal_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user.id"],
            name=op.f("fk_removal_request_decided_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_removal_request_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_removal_request")),
    )
    with op.batch_alter_table("removal_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_removal_request_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_removal_request_one_pending",
            ["user_id"],
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )

    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_round_retention_days_range"),
            "retention_days IS NULL OR retention_days BETWEEN 1 AND 3650",
        )

    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pseudonymised_at", sa.DateTime(timezone=True), nullable=True))

    # Rounds closed before closing was dated: their retention period counts from this upgrade, never earlier.
    rounds = sa.table(
        "round", sa.column("status", sa.String()), sa.column("closed_at", sa.DateTime(timezone=True))
    )
    op.execute(rounds.update().where(rounds.c.status == "closed").values(closed_at=datetime.now(UTC)))


def downgrade():

    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("pseudonymised_at")

    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_round_retention_days_range"), type_="check")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("retention_days")

    with op.batch_alter_table("removal_request", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_removal_request_one_pending",
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )
        batch_op.drop_index(batch_op.f("ix_removal_request_user_id"))

    op.drop_table("removal_request")
    op.drop_table("privacy_notice")
