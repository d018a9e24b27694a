"""Two staff members saving one patient's prescription at the same moment: both changes are kept,
as two versions in turn, on SQLite and on PostgreSQL (no lost update, no clash of version numbers)."""

from __future__ import annotations

import threading
from datetime import date

from sqlmodel import select

from app.db import make_engine, session_scope, writer
from app.migrate import migrate
from app.models import Patient, PrescriptionVersion
from app.services.clinics import clinic_of_user, create_clinic, find_or_create_patient
from app.services.prescriptions import PrescriptionForm, set_prescription


def test_concurrent_saves_make_consecutive_versions(database_url):
    engine = make_engine(database_url)
    migrate(engine)
    with session_scope(writer(engine)) as session:
        create_clinic(session=session, name="C", email="vet@c.example", password="long enough password")
        clinic = clinic_of_user(session=session, email="vet@c.example")
        patient_id = find_or_create_patient(session=session, clinic=clinic, dog_name="Rex").id
    # Both read the patient before either writes. (SQLite's writers take the one write lock as they
    # begin, so there they simply take turns: no meeting point, or the second would wait forever.)
    started = threading.Barrier(2) if engine.dialect.name == "postgresql" else None
    errors = []

    def save(per_day: str) -> None:
        try:
            with session_scope(writer(engine)) as session:
                patient = session.get(Patient, patient_id)
                if started:
                    started.wait()
                set_prescription(session=session, patient=patient, actor=f"nurse {per_day}", today=date.today(),
                                 form=PrescriptionForm(legs=["left-hind"], sessions_per_day=per_day))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(n,)) for n in ("2", "3")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    with session_scope(engine) as session:
        versions = session.exec(select(PrescriptionVersion.version).where(PrescriptionVersion.patient_id == patient_id)
                                .order_by(PrescriptionVersion.version)).all()
        assert versions == [1, 2, 3] and session.get(Patient, patient_id).prescription_version == 3
    engine.dispose()

