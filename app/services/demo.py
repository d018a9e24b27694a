"""Realistic made-up data: a demo clinic a newcomer can click through (`ivdd-pt serve --demo`),
and a big clinic for the dashboard's benchmark (`ivdd-pt seed`).

Sessions are built from the routine's own flow and doses, so they look like the phone's logs
(they pass the session-log schema) and carry the same flags as synced ones.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from app.content.flow import covered_legs, session_plan
from app.models import (Alert, AuditEvent, Clinic, ClinicUser, Device, NeuroGrade, Patient, StoredCareEvent,
                        StoredSessionLog)
from app.models.base import utcnow
from app.schemas.care_event import CareEvent
from app.schemas.session_log import SessionLog
from app.services.clinics import create_clinic
from app.services.alerts import alert_rows, care_alert_rows, store_alerts
from app.services.linking import create_invite
from app.services.targets import record_version
from app.services.secrets import hash_secret, new_device_token
from app.services.sync import care_row, log_row, payload_hash

DEMO_EMAIL = "demo@riverside.example"
DEMO_PASSWORD = "demo-password"  # printed by `serve --demo`: this clinic holds nothing real
DEMO_ZONE = "Europe/London"


@dataclass(frozen=True)
class DemoDog:
    name: str
    owner: str
    legs: tuple[str, ...]
    story: str  # what its last days look like
    days_in: int = 28
    per_day: int = 2
    expressed: bool = False  # the owner empties its bladder by hand
    grades: tuple[tuple[int, int, str, bool], ...] = ()  # (days ago, grade, deep pain, ten steps)
    discharged_days_ago: int | None = None


DEMO_DOGS = [
    DemoDog("Biscuit", "Anna Clarke", ("left-hind", "right-hind"), "red_flag", grades=((28, 1, "present", False),)),
    DemoDog("Pepper", "Tom Okafor", ("left-hind", "right-hind"), "kicking", expressed=True,
            grades=((28, 1, "present", False), (14, 2, "present", False), (2, 3, "present", False))),
    DemoDog("Otto", "Mia Novak", ("right-hind",), "pain", per_day=3),
    DemoDog("Luna", "Sam Patel", ("left-hind", "right-hind"), "blocked", expressed=True),
    # Offline since its last session, a red flag two days ago that reached the clinic only now.
    DemoDog("Milo", "Grace Lee", ("left-hind",), "lapsed"),
    DemoDog("Daisy", "Ben Hughes", ("left-hind", "right-hind"), "steady", expressed=True),
    # Crate rest ended five days ago: a recheck is due.
    DemoDog("Frank", "Olivia Brown", ("left-hind", "right-hind", "left-front"), "steady", days_in=57,
            grades=((57, 2, "present", False), (29, 3, "present", False))),
    DemoDog("Rosie", "Jack Wilson", ("right-hind",), "new", days_in=1, expressed=True),
    DemoDog("Bella", "Chloe Evans", ("left-hind", "right-hind"), "steady", days_in=60, discharged_days_ago=3,
            grades=((60, 2, "present", False), (31, 3, "present", False), (3, 4, "present", True))),
]
DEMO_NURSE = "nurse@riverside.example"
LATE_RED_FLAG_HOURS = 50
QUIET_DAYS = 3  # random concerns stay older than this, so each dog's story is what the list shows


class LogMaker:
    """Makes session-log payloads in the phone's shape for one routine."""

    def __init__(self, routine: dict, rng: random.Random):
        self.routine, self.rng = routine, rng
        self.plans: dict[tuple[str, ...], list] = {}
        self.answered_on: dict[uuid.UUID, date] = {}  # the day each dog's daily questions were passed

    def make(self, *, dog_id: uuid.UUID, dog_name: str, legs: list[str], start: datetime, kind: str = "completed",
             expressed: bool = False) -> dict:
        rng = self.rng
        legs = covered_legs(self.routine, legs)  # as the phone records it: the legs the routine works
        log = {"format": 1, "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
               "dog": {"id": str(dog_id), "name": dog_name}, "content_version": self.routine["version"],
               "app_build": "demo", "started_at": start.isoformat(), "outcome": "completed", "stop_reason": None,
               "extra": kind == "extra", "legs": legs, "actions": [], "observations": None}
        if kind in ("blocked", "red_flag"):
            answers = self._gate(expressed=expressed, remembered=False)
            kinds = "eligibility" if kind == "blocked" else "red_flag"
            question = next(a for a in answers if a["kind"] == kinds)  # the first (red flags: the bladder's)
            question["answer"] = "no" if kinds == "eligibility" else "yes"
            cut = answers.index(question) + 1
            log.update(outcome="blocked", gate={"answers": answers[:cut], "passed": False,
                                                "blocked_by": question["question_id"]})
            log["ended_at"] = (start + timedelta(minutes=1)).isoformat()
            return log
        remembered = self.answered_on.get(dog_id) == start.date()
        self.answered_on[dog_id] = start.date()
        log["gate"] = {"answers": self._gate(expressed=expressed, remembered=remembered), "passed": True,
                       "blocked_by": None}
        plan = self.plans.setdefault(tuple(legs), session_plan(self.routine, legs))
        stop_at = rng.randrange(3, len(plan)) if kind in ("kicking", "pain", "interrupted") else None
        # One action with the kicking warning, on one leg, ended for excessive kicking; the rest goes on.
        kicked = rng.choice([i for i, (_, _, action) in enumerate(plan) if "kicking" in action.get("warnings", [])]
                            ) if kind == "action_kicking" else None
        seconds = 90
        for index, (leg, step_id, action) in enumerate(plan):
            dose = action["dose"]
            target = {"type": dose["type"], "min": dose["min"], "max": dose["max"], "up_to": dose["up_to"],
                      "per": dose.get("per")}
            record = {"leg": leg, "step_id": step_id, "action_id": action["id"], "target": target}
            if stop_at is not None and index >= stop_at:
                record["status"] = "not_reached"
            elif index == kicked:
                record.update(status="stopped", stop_reason="excessive_kicking", seconds=rng.randint(10, 40))
                seconds += record["seconds"]
            elif action.get("optional") and rng.random() < 0.6:
                record.update(status="skipped")
            elif dose["type"] == "duration":
                done = dose["max"] if not dose["min"] else rng.randint(dose["min"], dose["max"])
                record.update(status="completed", seconds=done)
                seconds += done
            else:
                record.update(status="completed", reps=rng.randint(dose["min"] or dose["max"], dose["max"]))
                seconds += record["reps"] * 3
            log["actions"].append(record)
        levels = ["none"] * 6 + ["a_little"] * 3
        kicking = {leg: rng.choice(levels) for leg in legs}
        observations = {"kicking": kicking, "pain_signs": False, "urinated": "expressed" if expressed else "yes",
                        "note": rng.choice(["", "", "", "Calm today.", "Ate well after.", "Slept through it."])}
        if kind == "kicking":
            log.update(outcome="stopped", stop_reason="excessive_kicking")
            observations["kicking"][legs[0]] = "excessive"
            observations["note"] = "Kicked hard during the foot rub, so we stopped."
        elif kind == "action_kicking":
            observations["kicking"][plan[kicked][0]] = "excessive"
            observations["note"] = "Kicked hard at one foot, so I left that out and went on."
        elif kind == "pain":
            log.update(outcome="stopped", stop_reason="pain")
            observations.update(pain_signs=True, note="Yelped when I moved the hip.")
        elif kind == "interrupted":
            log.update(outcome="stopped", stop_reason="interrupted")
        elif kind == "not_urinated":
            observations["urinated"] = "no"
        elif kind == "extra":
            observations["note"] = "An extra one: the vet said a third was fine today."
        log["observations"] = observations
        log["ended_at"] = (start + timedelta(seconds=seconds + rng.randint(0, 240))).isoformat()
        return log

    def _gate(self, *, expressed: bool, remembered: bool) -> list[dict]:
        """Every question asked, answered as all is well: eligibility, the facts (how the bladder is
        emptied), then the red flags that fit those facts. Daily questions passed earlier that day
        are remembered, not asked again."""
        routine = self.routine
        facts = {fact["id"]: "no" if expressed else "yes" for fact in routine["facts"]}

        def answer(question: dict, kind: str, value: str) -> dict:
            daily = remembered and question.get("ask") == "daily"
            return {"question_id": question["id"], "kind": kind, "answer": value, "remembered": daily}

        answers = [answer(q, "eligibility", "no" if q["blocks_on"] == "yes" else "yes") for q in routine["eligibility"]]
        answers += [answer(q, "fact", facts[q["id"]]) for q in routine["facts"]]
        answers += [answer(q, "red_flag", "no") for q in routine["red_flags"]
                    if not q.get("when") or facts.get(q["when"]["question"]) == q["when"]["answer"]]
        return answers


def seed_demo(*, session: Session, routine: dict, now: datetime | None = None) -> bool:
    """The demo clinic, once: False when it is there already."""
    if session.exec(select(ClinicUser).where(ClinicUser.email == DEMO_EMAIL)).first():
        return False
    now = now or utcnow()
    user = create_clinic(session=session, name="Riverside Veterinary Clinic (demo)", email=DEMO_EMAIL,
                         password=DEMO_PASSWORD, phone="+44 20 7946 0000")
    clinic = session.get(Clinic, user.clinic_id)
    clinic.timezone = DEMO_ZONE
    zone = ZoneInfo(DEMO_ZONE)
    today = now.astimezone(zone).date()
    rng = random.Random(20261124)
    maker = LogMaker(routine, rng)
    rows, care_rows = [], []
    for number, dog in enumerate(DEMO_DOGS):
        discharged_on = today - timedelta(days=dog.discharged_days_ago) if dog.discharged_days_ago else None
        patient = Patient(clinic_id=clinic.id, dog_name=dog.name, owner_name=dog.owner, legs=list(dog.legs),
                          owner_phone=f"+44 7700 900{100 + number:03d}",
                          owner_email=f"{dog.owner.split()[0].lower()}@example.com",
                          sessions_per_day=dog.per_day, crate_rest_start=today - timedelta(days=dog.days_in + 3),
                          bladder_interval_hours=BLADDER_HOURS if dog.expressed else None,
                          crate_rest_weeks=8, passive_pt_approved_from=today - timedelta(days=dog.days_in),
                          owner_notes="Go gently, and stop if anything worries you. Call us any time.",
                          created_at=now - timedelta(days=dog.days_in), discharged_on=discharged_on,
                          discharge_note="Walking on its own again: passive PT no longer needed." if discharged_on else "")
        session.add(patient)
        session.flush()
        record_version(session=session, patient=patient, actor=DEMO_EMAIL)
        session.flush()
        _record_grades(session, patient, dog, today)
        if dog.story == "new":
            create_invite(session=session, patient=patient)
            continue
        device = Device(patient_id=patient.id, token_hash=hash_secret(new_device_token()), label=f"{dog.owner}'s phone",
                        created_at=patient.created_at, last_seen_at=now - timedelta(hours=rng.randint(1, 20)))
        session.add(device)
        session.flush()
        for start, kind in _history(dog, today, zone, now, rng):
            if discharged_on and start.astimezone(zone).date() > discharged_on:
                continue
            payload = maker.make(dog_id=patient.id, dog_name=dog.name, legs=list(dog.legs), start=start, kind=kind,
                                 expressed=dog.expressed)
            late = dog.story == "lapsed" and kind == "red_flag"  # the phone was offline: it arrived just now
            received = now - timedelta(minutes=20) if late else start + timedelta(minutes=40)
            rows.append(log_row(SessionLog.model_validate(payload), device, received))
        if dog.expressed and not discharged_on:
            care_rows += _bladder_records(dog, patient, device, now, rng, routine["version"])
    session.execute(insert(StoredSessionLog.__table__), rows)
    session.execute(insert(StoredCareEvent.__table__), care_rows)
    store_alerts(session, alert_rows(rows))
    store_alerts(session, care_alert_rows(care_rows))
    session.flush()
    _handle_old_alerts(session, clinic, now - timedelta(days=QUIET_DAYS))
    return True


BLADDER_HOURS = 6  # the demo clinic's interval for the dogs it has owners express


def _bladder_records(dog: DemoDog, patient: Patient, device: Device, now: datetime, rng: random.Random,
                     content_version: str) -> list[dict]:
    """A fortnight of expressing every 5 to 7 hours by day; Pepper's owner found it much harder
    yesterday evening (an open alert)."""
    times, results = [], []
    at = now - timedelta(days=14)
    while at < now - timedelta(hours=2):
        if 7 <= at.hour <= 23:
            times.append(at)
            results.append(rng.choice(["normal", "normal", "normal", "little"]))
        at += timedelta(hours=rng.uniform(5, 7))
    if dog.name == "Pepper":  # the record nearest to a day ago, whatever hour the demo starts at
        results[min(range(len(times)), key=lambda i: abs(now - times[i] - timedelta(hours=22)))] = "much-harder"
    rows = []
    for at, result in zip(times, results):
        event = CareEvent.model_validate({
            "format": 1, "kind": "bladder", "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "dog": {"id": str(patient.id), "name": dog.name}, "content_version": content_version,
            "at": at.isoformat(), "method": "expressed", "result": result})
        rows.append(care_row(event, device, at + timedelta(minutes=5)))
    return rows


def _record_grades(session: Session, patient: Patient, dog: DemoDog, today: date) -> None:
    for days_ago, grade, deep_pain, ten_steps in dog.grades:
        session.add(NeuroGrade(patient_id=patient.id, examined_on=today - timedelta(days=days_ago), grade=grade,
                               deep_pain=deep_pain, ten_steps=ten_steps, recorded_by=DEMO_EMAIL,
                               note="Recheck." if days_ago < dog.days_in else "At diagnosis."))
        session.add(AuditEvent(clinic_id=patient.clinic_id, patient_id=patient.id, actor=DEMO_EMAIL,
                               action="grade_recorded", detail=f"grade {grade} on {today - timedelta(days=days_ago)}",
                               at=datetime.combine(today - timedelta(days=days_ago), datetime.min.time(), UTC)
                               + timedelta(hours=11)))


def _handle_old_alerts(session: Session, clinic: Clinic, before: datetime) -> None:
    """The alerts of the quiet weeks were handled at the time: the worklist shows today's."""
    old = session.exec(select(Alert).join(Patient, col(Patient.id) == Alert.patient_id)
                       .where(Patient.clinic_id == clinic.id, col(Alert.happened_at) < before)).all()
    for alert in old:
        alert.handled_at, alert.handled_by = alert.received_at + timedelta(hours=3), DEMO_NURSE
        alert.handled_note = "Called the owner: settled again, carry on gently."
        session.add(alert)


def _history(dog: DemoDog, today: date, zone: ZoneInfo, now: datetime, rng: random.Random):
    """(start, kind) of each session of the dog's last weeks, oldest first; its story is told by
    its latest sessions, so the dashboard shows it whatever the hour the demo starts."""
    hours = [8, 13, 19][:dog.per_day] if dog.per_day <= 3 else [8, 11, 15, 19]
    starts = []
    for back in range(dog.days_in, -1, -1):
        day = today - timedelta(days=back)
        for hour in hours:
            start = datetime(day.year, day.month, day.day, hour, rng.randint(0, 50), tzinfo=zone)
            if start < now - timedelta(minutes=45) and (dog.story == "steady" or rng.random() > 0.05):
                starts.append(start)
    if dog.story == "lapsed":  # nothing for the last two and a half days but one, with a red flag
        starts = [start for start in starts if start < now - timedelta(hours=60)]
    quiet_from = now - timedelta(days=QUIET_DAYS)
    kinds = [rng.choice(["interrupted", "not_urinated", "action_kicking"]) if rng.random() < 0.04 and start < quiet_from
             else "completed" for start in starts]
    story = {"kicking": {-1: "kicking", -3: "action_kicking"}, "pain": {-3: "pain"},
             "red_flag": {-2: "red_flag", -4: "not_urinated"},
             "blocked": {-1: "blocked", -2: "blocked"}}.get(dog.story, {})
    for position, kind in story.items():
        kinds[position] = kind
    history = list(zip(starts, kinds))
    if dog.story == "lapsed":
        history.append((now - timedelta(hours=LATE_RED_FLAG_HOURS), "red_flag"))
    if dog.story == "steady":  # now and then one beyond the day's target, the owner having confirmed it
        for back in (6, 13):
            day = today - timedelta(days=back)
            history.append((datetime(day.year, day.month, day.day, 21, rng.randint(0, 30), tzinfo=zone), "extra"))
    return sorted(history)


def seed_load(*, session: Session, routine: dict, patients: int, logs: int, now: datetime | None = None,
              clinic_name: str = "Benchmark clinic") -> Clinic:
    """A clinic with `patients` dogs and `logs` sessions spread over their last weeks (bulk insert)."""
    now = now or utcnow()
    rng = random.Random(clinic_name)  # reproducible, and two clinics never share an id
    clinic = Clinic(name=clinic_name, timezone="UTC")
    session.add(clinic)
    session.flush()
    maker = LogMaker(routine, rng)
    per_patient = max(1, logs // patients)
    leg_sets = [["left-hind", "right-hind"], ["left-hind"], ["right-hind"]]
    kinds = ["completed"] * 90 + ["kicking", "pain", "blocked", "red_flag", "interrupted", "not_urinated",
                                  "action_kicking", "extra"] * 2
    rows = []
    for number in range(patients):
        legs = rng.choice(leg_sets)
        patient = Patient(clinic_id=clinic.id, dog_name=f"Dog {number:04d}", owner_name=f"Owner {number:04d}",
                          legs=legs, sessions_per_day=2, created_at=now - timedelta(days=120))
        session.add(patient)
        session.flush()  # the patient first: no ORM relationship tells SQLAlchemy the order
        record_version(session=session, patient=patient, actor="seed")
        device = Device(patient_id=patient.id, token_hash=hash_secret(new_device_token()))
        session.add(device)
        session.flush()
        base = None
        for index in range(per_patient if number < patients - 1 else logs - per_patient * (patients - 1)):
            start = now - timedelta(hours=6 + index * 11 + rng.random())
            if base is None or index % 25 == 0:  # a fresh validated session now and then; copies between
                model = SessionLog.model_validate(maker.make(dog_id=patient.id, dog_name=patient.dog_name, legs=legs,
                                                             start=start, kind=rng.choice(kinds),
                                                             expressed=number % 2 == 1))
                base = log_row(model, device, start)
            log_id, ended = uuid.UUID(int=rng.getrandbits(128), version=4), start + (model.ended_at - model.started_at)
            payload = {**base["payload"], "id": str(log_id), "started_at": start.isoformat(), "ended_at": ended.isoformat()}
            rows.append({**base, "id": log_id, "started_at": start, "ended_at": ended, "received_at": start,
                         "payload": payload, "payload_hash": payload_hash(payload)})
            if len(rows) >= 5000:
                _insert_with_alerts(session, rows)
                rows.clear()
    if rows:
        _insert_with_alerts(session, rows)
    # Alerts as a clinic has them: those of the last days open, the older ones handled.
    session.execute(update(Alert).where(col(Alert.patient_id).in_(select(Patient.id).where(
        Patient.clinic_id == clinic.id)), col(Alert.happened_at) < now - timedelta(days=QUIET_DAYS))
        .values(handled_at=now, handled_by=DEMO_NURSE, handled_note="Called the owner."))
    return clinic


def _insert_with_alerts(session: Session, rows: list[dict]) -> None:
    session.execute(insert(StoredSessionLog.__table__), rows)
    store_alerts(session, alert_rows(rows))
