"""Staff sign-in codes: the last accepted time step (no code twice) and a second factor awaiting confirmation.

Revision ID: 0003_staff_sign_in_codes
Revises: 0002_contact_provenance
Create Date: 2026-12-04 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_staff_sign_in_codes'
down_revision = '0002_contact_provenance'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('totp_pending', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('totp_pending')
        batch_op.drop_column('totp_last_step')
