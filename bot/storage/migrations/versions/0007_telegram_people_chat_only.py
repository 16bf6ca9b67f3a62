"""Telegram people: only their chat. Their language and place are kept once, in their case.

A place the Telegram record knew and the case did not is copied into the case first; going down, the columns come
back filled from the cases.

Revision ID: 0007_telegram_people_chat_only
Revises: 0006_drop_handoff_requests
Create Date: 2026-12-04 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007_telegram_people_chat_only'
down_revision = '0006_drop_handoff_requests'
branch_labels = None
depends_on = None

PLACE = ('nationality', 'country', 'city')
STATE = ('language', *PLACE)


def _copy(columns: tuple, target: str, source: str, only_missing: bool) -> None:
    """Sets ``target``'s columns from the ``source`` row of the same person (where ``target``'s are empty)."""
    for column in columns:
        condition = f' AND {target}.{column} IS NULL' if only_missing else ''
        op.execute(
            f'UPDATE {target} SET {column} = (SELECT {source}.{column} FROM {source} '
            f'WHERE {source}.sender_key = {target}.sender_key) '
            f'WHERE EXISTS (SELECT 1 FROM {source} WHERE {source}.sender_key = {target}.sender_key '
            f'AND {source}.{column} IS NOT NULL){condition}'
        )


def upgrade() -> None:
    _copy(PLACE, 'cases', 'telegram_people', only_missing=True)
    with op.batch_alter_table('telegram_people', schema=None) as batch_op:
        for column in STATE:
            batch_op.drop_column(column)


def downgrade() -> None:
    with op.batch_alter_table('telegram_people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('nationality', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('city', sa.String(length=64), nullable=True))
    _copy(STATE, 'telegram_people', 'cases', only_missing=False)
