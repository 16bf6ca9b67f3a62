"""Cases: the language a person writes in when Lifeline does not speak it, for the queue.

Revision ID: 0005_cases_written_in
Revises: 0004_telegram_inbox
Create Date: 2026-12-04 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005_cases_written_in'
down_revision = '0004_telegram_inbox'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('written_in', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('written_in')
