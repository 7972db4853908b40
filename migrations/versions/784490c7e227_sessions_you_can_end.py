"""sessions you can end: a row per signed-in browser, one-time sign-in codes; each meeting connection's session and server process

Revision ID: 784490c7e227
Revises: 4d2fab8e6c31
Create Date: 2026-12-07 11:50:31.345439

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "784490c7e227"
down_revision = "4d2fab8e6c31"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_sign_in_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_sign_in_key_hash")),
    )
    with op.batch_alter_table("sign_in", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_user_id"), ["user_id"], unique=False)

    op.create_table(
        "sign_in_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_sign_in_code_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_sign_in_code_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_sign_in_code_code_hash")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_in_code_token_hash")),
    )
    with op.batch_alter_table("sign_in_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_code_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sign_in_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("instance", sa.String(length=100), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_presence_sign_in_id"), ["sign_in_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_presence_instance"), ["instance"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_presence_sign_in_id_sign_in"),
            "sign_in",
            ["sign_in_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_presence_sign_in_id_sign_in"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_presence_sign_in_id"))
        batch_op.drop_index(batch_op.f("ix_presence_instance"))
        batch_op.drop_column("instance")
        batch_op.drop_column("sign_in_id")

    with op.batch_alter_table("sign_in_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_code_user_id"))

    op.drop_table("sign_in_code")
    with op.batch_alter_table("sign_in", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_user_id"))

    op.drop_table("sign_in")
