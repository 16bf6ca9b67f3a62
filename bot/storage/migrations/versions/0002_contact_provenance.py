"""Contact provenance: the kind and date of each source, verifications by staff, and the roles of emergency lines.

Revision ID: 0002_contact_provenance
Revises: 0001
Create Date: 2026-12-04 07:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_contact_provenance"
down_revision = "0001"
branch_labels = None
depends_on = None

OPTIONAL = {
    "source_date": sa.String(length=10),
    "verified_on": sa.Date(),
    "verified_method": sa.String(length=16),
    "verified_by": sa.Text(),
    "verified_outcome": sa.String(length=16),
}


def upgrade() -> None:
    # Rows imported before this revision are re-imported from the contact files; until then they say only that
    # they come from a news report, the least a person may assume.
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("source_kind", sa.String(length=16), nullable=False, server_default="news"))
        batch.add_column(sa.Column("roles", sa.JSON(), nullable=False, server_default="[]"))
        for name, kind in OPTIONAL.items():
            batch.add_column(sa.Column(name, kind, nullable=True))
    with op.batch_alter_table("contacts") as batch:
        batch.alter_column("source_kind", server_default=None)
        batch.alter_column("roles", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        for name in ("roles", "source_kind", *OPTIONAL):
            batch.drop_column(name)
