"""Telegram: file ids of shared media encrypted like message text; update fingerprints for the dedupe window; the
inbox of updates received and not yet handled.

Revision ID: 0004_telegram_inbox
Revises: 0003_staff_sign_in_codes
Create Date: 2026-12-04 07:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_telegram_inbox'
down_revision = '0003_staff_sign_in_codes'
branch_labels = None
depends_on = None

MEDIA = sa.table('telegram_shared_media', sa.column('id', sa.Integer), sa.column('file_id', sa.Text))


def _rewrite(change) -> None:
    connection = op.get_bind()
    for row_id, file_id in connection.execute(sa.select(MEDIA.c.id, MEDIA.c.file_id)).all():
        connection.execute(sa.update(MEDIA).where(MEDIA.c.id == row_id).values(file_id=change(file_id)))


def upgrade() -> None:
    from bot.storage.crypto import encrypt

    with op.batch_alter_table('telegram_updates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fingerprint', sa.String(length=32), nullable=True))
    _rewrite(encrypt)
    op.create_table('telegram_inbox',
    sa.Column('fingerprint', sa.String(length=32), nullable=False),
    sa.Column('sender_key', sa.String(length=128), nullable=True),
    sa.Column('update', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('fingerprint')
    )
    with op.batch_alter_table('telegram_inbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_telegram_inbox_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_telegram_inbox_sender_key'), ['sender_key'], unique=False)


def downgrade() -> None:
    from bot.storage.crypto import decrypt

    with op.batch_alter_table('telegram_inbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_telegram_inbox_sender_key'))
        batch_op.drop_index(batch_op.f('ix_telegram_inbox_received_at'))
    op.drop_table('telegram_inbox')
    _rewrite(decrypt)
    with op.batch_alter_table('telegram_updates', schema=None) as batch_op:
        batch_op.drop_column('fingerprint')
