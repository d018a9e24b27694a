"""Neurological grades recorded at rechecks, on the modified Frankel scale."""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session, col, select

from app.i18n import N_, Words, _, format_number
from app.models import NeuroGrade, Patient
from app.services import audit
from app.services.accounts import Staff
from app.services.form_errors import raise_problems, read_day

# The modified Frankel scale as the ACVIM 2022 consensus statement on thoracolumbar disc extrusion
# gives it: 0 is the most severe, 5 the mildest. The citation lives in content/routine.toml.
MODIFIED_FRANKEL = Words({
    0: N_("Paraplegia with no deep pain perception"),
    1: N_("Paraplegia with no superficial pain perception"),
    2: N_("Paraplegia with pain perception intact"),
    3: N_("Non-ambulatory paraparesis"),
    4: N_("Ambulatory paraparesis and ataxia"),
    5: N_("Spinal hyperaesthesia only (pain, no neurological deficit)"),
})
SCALE_REFERENCE = "acvim-2022"
WALKING_GRADES = (4, 5)  # ambulatory: the routine's passive exercises are for legs that do not walk
PARAPLEGIC_GRADES = (0, 1, 2)
DEEP_PAIN = Words({"present": N_("present"), "absent": N_("absent"), "not_tested": N_("not tested")})
NOTE_MAX = 1000


def grades_of(*, session: Session, patient_id: uuid.UUID) -> list[NeuroGrade]:
    """Newest examination first."""
    return list(session.exec(select(NeuroGrade).where(NeuroGrade.patient_id == patient_id)
                             .order_by(col(NeuroGrade.examined_on).desc(), col(NeuroGrade.recorded_at).desc())))


def record_grade(*, session: Session, staff: Staff, patient: Patient, examined_on: str, grade: str, deep_pain: str,
                 ten_steps: str, note: str, today: date) -> NeuroGrade:
    """Checks each field as the form sent it, then the fields against each other, and records the
    grade with its audit entry; nothing is stored when any field is refused."""
    problems: dict[str, str] = {}
    on = read_day(examined_on, "examined_on", problems, today=today, required=True)
    number = int(grade.strip()) if grade.strip() in {str(n) for n in MODIFIED_FRANKEL} else None
    if number is None:
        problems["grade"] = _("Choose a grade from 0 to 5.")
    deep_pain = deep_pain.strip()
    if deep_pain not in DEEP_PAIN:
        problems["deep_pain"] = _("Choose whether deep pain perception was present, absent or not tested.")
    steps = {"yes": True, "no": False}.get(ten_steps.strip())
    if steps is None:
        problems["ten_steps"] = _("Choose yes or no: did the dog take 10 steps without help?")
    note = note.strip().replace("\r\n", "\n")
    if len(note) > NOTE_MAX:
        problems["note"] = _("Keep the note to %(most)s characters or fewer.") % {"most": format_number(NOTE_MAX)}
    # The scale's words contradict some answers: say so beside the answer, and leave the choice to the vet.
    if number == 0 and deep_pain == "present":
        problems.setdefault("deep_pain", _("Grade 0 means no deep pain perception: choose absent, or a higher grade."))
    elif number is not None and number > 0 and deep_pain == "absent":
        problems.setdefault("deep_pain", _("Without deep pain perception the grade is 0: choose grade 0, or present."))
    if number == 0 and deep_pain == "not_tested":
        problems.setdefault("deep_pain", _("Grade 0 is defined by absent deep pain perception: it must be tested."))
    # Walking is taken as 10 unassisted steps: grades 0-3 do not walk, grades 4-5 do.
    if number in PARAPLEGIC_GRADES and steps:
        problems.setdefault("ten_steps", _("Grade %(grade)s is paraplegia: a dog that takes 10 steps without help "
                                           "is not paraplegic. Check the grade or this answer.") % {"grade": number})
    elif number == 3 and steps:
        problems.setdefault("ten_steps", _("Grade 3 does not walk: a dog that takes 10 steps without help is grade 4 "
                                           "or 5. Check the grade or this answer."))
    elif number is not None and number >= 4 and steps is False:
        problems.setdefault("ten_steps", _("Grade %(grade)s walks: a dog that cannot take 10 steps without help is "
                                           "grade 3 or lower. Check the grade or this answer.") % {"grade": number})
    raise_problems(problems)
    row = NeuroGrade(patient_id=patient.id, examined_on=on, grade=number, deep_pain=deep_pain, ten_steps=steps,
                     note=note, recorded_by=staff.user.email)
    session.add(row)
    audit.record(session=session, actor=staff.user.email, patient=patient, action="grade_recorded",
                 detail=f"grade {number} ({MODIFIED_FRANKEL.english(number).lower()}) on {on.isoformat()}; deep pain "
                        f"perception {DEEP_PAIN.english(deep_pain)}; 10 unassisted steps: {'yes' if steps else 'no'}"
                        + (f"; {note}" if note else ""))
    return row
