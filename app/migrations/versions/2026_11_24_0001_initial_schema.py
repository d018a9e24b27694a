"""The first schema: clinics and their users, patients with their prescription, invites,
devices, and synced session logs.

Revision ID: 0001
Revises: -
Created: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# JSONB on PostgreSQL, JSON text elsewhere (app/models/base.py, JsonType)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('clinic',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic'))
    )
    op.create_table('clinic_user',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('clinic_id', sa.Uuid(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_clinic_user_clinic_id_clinic'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic_user')),
    sa.UniqueConstraint('email', name=op.f('uq_clinic_user_email'))
    )
    op.create_index(op.f('ix_clinic_user_clinic_id'), 'clinic_user', ['clinic_id'], unique=False)
    op.create_table('patient',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('clinic_id', sa.Uuid(), nullable=False),
    sa.Column('dog_name', sa.String(length=80), nullable=False),
    sa.Column('owner_name', sa.String(length=120), nullable=True),
    sa.Column('legs', JSON, nullable=True),
    sa.Column('sessions_per_day', sa.Integer(), nullable=True),
    sa.Column('crate_rest_start', sa.Date(), nullable=True),
    sa.Column('crate_rest_weeks', sa.Integer(), nullable=True),
    sa.Column('passive_pt_approved_from', sa.Date(), nullable=True),
    sa.Column('owner_notes', sa.String(length=2000), nullable=False),
    sa.Column('clinic_phone', sa.String(length=32), nullable=True),
    sa.Column('prescription_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_patient_clinic_id_clinic'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient'))
    )
    op.create_index(op.f('ix_patient_clinic_id'), 'patient', ['clinic_id'], unique=False)
    op.create_table('device',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_device_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_device_token_hash'))
    )
    op.create_index(op.f('ix_device_patient_id'), 'device', ['patient_id'], unique=False)
    op.create_table('invite',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_invite_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invite')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_invite_code_hash'))
    )
    op.create_index(op.f('ix_invite_patient_id'), 'invite', ['patient_id'], unique=False)
    op.create_table('session_log',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=True),
    sa.Column('content_version', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('stop_reason', sa.String(length=20), nullable=True),
    sa.Column('flag_excessive_kicking', sa.Boolean(), nullable=False),
    sa.Column('flag_pain', sa.Boolean(), nullable=False),
    sa.Column('flag_red_flag', sa.Boolean(), nullable=False),
    sa.Column('flag_not_urinated', sa.Boolean(), nullable=False),
    sa.Column('payload', JSON, nullable=False),
    sa.Column('payload_hash', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_session_log_device_id_device'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_session_log_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_log'))
    )
    op.create_index(op.f('ix_session_log_device_id'), 'session_log', ['device_id'], unique=False)
    op.create_index('ix_session_log_patient_received', 'session_log', ['patient_id', 'received_at'], unique=False)
    op.create_index('ix_session_log_patient_started', 'session_log', ['patient_id', 'started_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_session_log_patient_started', table_name='session_log')
    op.drop_index('ix_session_log_patient_received', table_name='session_log')
    op.drop_index(op.f('ix_session_log_device_id'), table_name='session_log')
    op.drop_table('session_log')
    op.drop_index(op.f('ix_invite_patient_id'), table_name='invite')
    op.drop_table('invite')
    op.drop_index(op.f('ix_device_patient_id'), table_name='device')
    op.drop_table('device')
    op.drop_index(op.f('ix_patient_clinic_id'), table_name='patient')
    op.drop_table('patient')
    op.drop_index(op.f('ix_clinic_user_clinic_id'), table_name='clinic_user')
    op.drop_table('clinic_user')
    op.drop_table('clinic')
