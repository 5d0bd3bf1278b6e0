"""the office's own progress entry (unit NULL) is unique per task and period too

The UNIQUE (task_id, period, unit_id) constraint never applies to NULL units, so two processes
recording the office's progress at once could both insert. Duplicates an older program left are
merged first: the most recently updated entry is kept.

Revision ID: 0004_office_entry_unique
Revises: 0001_initial
"""
from alembic import op

revision = "0004_office_entry_unique"
down_revision = "0003_unit_roles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "DELETE FROM progress_entries WHERE unit_id IS NULL AND id NOT IN ("
        " SELECT (SELECT p2.id FROM progress_entries p2 WHERE p2.unit_id IS NULL AND p2.task_id = p1.task_id"
        "  AND p2.period = p1.period ORDER BY p2.updated_at DESC, p2.id DESC LIMIT 1)"
        " FROM progress_entries p1 WHERE p1.unit_id IS NULL GROUP BY p1.task_id, p1.period)"
    )
    op.execute("CREATE UNIQUE INDEX uq_progress_office_entry ON progress_entries (task_id, period) "
               "WHERE unit_id IS NULL")


def downgrade() -> None:
    op.execute("DROP INDEX uq_progress_office_entry")
