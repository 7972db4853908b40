"""decisions and feedback

Revision ID: faf9184f067e
Revises: 83031b2d4004
Create Date: 2026-11-22 16:05:55.462797

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "faf9184f067e"
down_revision = "83031b2d4004"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["user.id"],
            name=op.f("fk_feedback_published_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_feedback_round_id_round"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint("round_id", name=op.f("uq_feedback_round_id")),
    )
    op.create_table(
        "bid_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bid_id"], ["bid.id"], name=op.f("fk_bid_update_bid_id_bid"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["posted_by_id"], ["user.id"], name=op.f("fk_bid_update_posted_by_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_bid_update_round_id_round"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bid_update")),
    )
    with op.batch_alter_table("bid_update", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bid_update_bid_id"), ["bid_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bid_update_round_id"), ["round_id"], unique=False)

    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "funded",
                "not_funded",
                name="decision_outcome",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("amount_pence", sa.BigInteger(), nullable=True),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("strengths", sa.Text(), nullable=False),
        sa.Column("concerns", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "amount_pence IS NULL OR amount_pence > 0", name=op.f("ck_decision_amount_positive")
        ),
        sa.ForeignKeyConstraint(
            ["bid_id"], ["bid.id"], name=op.f("fk_decision_bid_id_bid"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["user.id"], name=op.f("fk_decision_decided_by_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_decision_round_id_round"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
        sa.UniqueConstraint("bid_id", name=op.f("uq_decision_bid_id")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_round_id"), ["round_id"], unique=False)

    op.create_table(
        "feedback_receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminders", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["membership.id"],
            name=op.f("fk_feedback_receipt_membership_id_membership"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_feedback_receipt_round_id_round"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_receipt")),
        sa.UniqueConstraint("membership_id", name=op.f("uq_feedback_receipt_membership_id")),
    )
    with op.batch_alter_table("feedback_receipt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_receipt_round_id"), ["round_id"], unique=False)

    op.create_table(
        "process_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column(
            "felt_heard",
            sa.Enum(
                "yes",
                "partly",
                "no",
                name="felt_heard_answer",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column(
            "training_useful",
            sa.Enum(
                "yes",
                "partly",
                "no",
                name="training_useful_answer",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("share_name", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["membership.id"],
            name=op.f("fk_process_reply_membership_id_membership"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_process_reply_round_id_round"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_reply")),
        sa.UniqueConstraint("membership_id", name=op.f("uq_process_reply_membership_id")),
    )
    with op.batch_alter_table("process_reply", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_process_reply_round_id"), ["round_id"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_attendance_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["membership.id"],
            name=op.f("fk_attendance_membership_id_membership"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint(
            "meeting_id", "membership_id", name=op.f("uq_attendance_meeting_id_membership_id")
        ),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_membership_id"), ["membership_id"], unique=False)


def downgrade():

    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_membership_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_meeting_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("process_reply", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_process_reply_round_id"))

    op.drop_table("process_reply")
    with op.batch_alter_table("feedback_receipt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_receipt_round_id"))

    op.drop_table("feedback_receipt")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_round_id"))

    op.drop_table("decision")
    with op.batch_alter_table("bid_update", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bid_update_round_id"))
        batch_op.drop_index(batch_op.f("ix_bid_update_bid_id"))

    op.drop_table("bid_update")
    op.drop_table("feedback")
