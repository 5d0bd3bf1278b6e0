"""row versions for optimistic locking, and the last writer of the rows a conflict message names

Revision ID: 0005_row_versions
Revises: 0001_initial
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_row_versions'
down_revision = '0004_office_entry_unique'
branch_labels = None
depends_on = None

ATTRIBUTED = ("agency_profile", "plans", "tasks", "progress_entries", "form_figures", "report_drafts")
VERSIONED = ATTRIBUTED + ("units", "unit_groups", "fields", "plan_sections", "evidence_documents",
                          "overdue_reasons", "rules", "column_mappings", "settings")


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
            if table in ATTRIBUTED:
                batch.add_column(sa.Column('updated_by', sa.String(length=120), nullable=False, server_default=''))


def downgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column('version')
            if table in ATTRIBUTED:
                batch.drop_column('updated_by')
