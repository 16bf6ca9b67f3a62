"""Requests for a person: the queue reads them from the person's case, so their own table goes.

Revision ID: 0006_drop_handoff_requests
Revises: 0005_cases_written_in
Create Date: 2026-12-04 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006_drop_handoff_requests'
down_revision = '0005_cases_written_in'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('handoff_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_requests_sender_key'))
    op.drop_table('handoff_requests')


def downgrade() -> None:
    op.create_table('handoff_requests',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('sender_key', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('nationality', sa.String(length=2), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('city', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('handoff_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_requests_sender_key'), ['sender_key'], unique=False)
