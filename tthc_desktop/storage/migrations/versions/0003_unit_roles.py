"""unit roles: what each unit handles, the phrase a task's unit came from, the officer's ticks

Revision ID: 0003_unit_roles
Revises: 0001_initial
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_unit_roles'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('units') as batch:
        batch.add_column(sa.Column('specialised', sa.Boolean(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('drafts_legal', sa.Boolean(), nullable=False, server_default='0'))
    with op.batch_alter_table('task_units') as batch:
        batch.add_column(sa.Column('phrase', sa.Text(), nullable=False, server_default=''))
    op.create_table('task_unit_choices',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('ticked', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_unit_choices_task_id_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_task_unit_choices_unit_id_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('task_id', 'unit_id', 'role', name=op.f('pk_task_unit_choices'))
    )


def downgrade() -> None:
    op.drop_table('task_unit_choices')
    with op.batch_alter_table('task_units') as batch:
        batch.drop_column('phrase')
    with op.batch_alter_table('units') as batch:
        batch.drop_column('drafts_legal')
        batch.drop_column('specialised')
