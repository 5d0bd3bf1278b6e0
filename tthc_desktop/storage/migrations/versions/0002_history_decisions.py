"""history of operations, output file versions, plan decisions, removed tasks

Revision ID: 0002_history_decisions
Revises: 0001_initial
Only new tables: the history with undo data, the files the program wrote (to version them instead of
overwriting the officer's edits), every provincial task's keep/drop decision, and tracked tasks taken
out of a plan with their entries kept.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002_history_decisions'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('operations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('files', sa.JSON(), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_operations'))
    )
    op.create_index(op.f('ix_operations_at'), 'operations', ['at'], unique=False)
    op.create_table('output_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=1000), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_output_files'))
    )
    op.create_index(op.f('ix_output_files_path'), 'output_files', ['path'], unique=False)
    op.create_index(op.f('ix_output_files_period'), 'output_files', ['period'], unique=False)
    op.create_table('plan_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('source_section', sa.String(length=10), nullable=False),
    sa.Column('source_number', sa.String(length=20), nullable=False),
    sa.Column('source_task_id', sa.Integer(), nullable=True),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('proposed_decision', sa.String(length=10), nullable=False),
    sa.Column('proposed_reason', sa.Text(), nullable=False),
    sa.Column('proposed_role', sa.String(length=12), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_decisions_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_task_id'], ['tasks.id'], name=op.f('fk_plan_decisions_source_task_id_tasks'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_plan_decisions_task_id_tasks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_decisions'))
    )
    op.create_index(op.f('ix_plan_decisions_plan_id'), 'plan_decisions', ['plan_id'], unique=False)
    op.create_table('task_removals',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('removed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_task_removals_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['plan_sections.id'], name=op.f('fk_task_removals_section_id_plan_sections'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_removals_task_id_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('task_id', name=op.f('pk_task_removals'))
    )
    op.create_index(op.f('ix_task_removals_plan_id'), 'task_removals', ['plan_id'], unique=False)


def downgrade() -> None:
    op.drop_table('task_removals')
    op.drop_table('plan_decisions')
    op.drop_table('output_files')
    op.drop_table('operations')
