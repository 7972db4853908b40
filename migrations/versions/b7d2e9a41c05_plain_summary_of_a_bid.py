"""plain summary of a bid: a few short sentences for young readers, beside the bid's own summary

Revision ID: b7d2e9a41c05
Revises: 784490c7e227
Create Date: 2026-12-07 16:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7d2e9a41c05"
down_revision = "784490c7e227"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("bid", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plain_summary", sa.Text(), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("bid", schema=None) as batch_op:
        batch_op.drop_column("plain_summary")
