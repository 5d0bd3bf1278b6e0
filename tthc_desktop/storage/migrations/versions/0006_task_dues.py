"""a one-off task's several due dates («Quý II và Quý IV», «tháng 6 và tháng 12»)

``tasks.due_date`` stays the first of them, as before; ``dues`` lists them all (empty when there is one).

Revision ID: 0006_task_dues
Revises: 0005_row_versions
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_task_dues"
down_revision = "0005_row_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch "move and copy" of tasks would drop the old table, and with foreign keys on
    # its ON DELETE CASCADE would empty the tables that point at tasks.
    op.add_column("tasks", sa.Column("dues", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("dues")
