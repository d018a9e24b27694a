"""The routine's schema: typed models that every content file is validated against.

Each content file has one root model (RoutineFile, SafetyFile, StepsFile, FlowFile); `Routine`
joins them. Unknown fields are errors (`extra="forbid"`), so a misspelt key never passes silently.
Checks that span files (references, step ids in the flow, the limbs a block runs actions on, the
facts a red flag depends on) live in `references.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (BaseModel, ConfigDict, Field, PositiveInt, ValidationInfo, computed_field, field_validator,
                      model_validator)

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=1, max_length=64)]
Text = Annotated[str, Field(min_length=1)]


class Translated:
    """Marks the words an owner reads or hears: each locale's overlay gives them in its language
    (app/content/locales.py). Everything else (ids, numbers, choices, names and the titles of the
    works cited) is the same in every language."""


TRANSLATED = Translated()
Prose = Annotated[str, Field(min_length=1), TRANSLATED]
Answer = Literal["yes", "no"]
Limb = Literal["hind", "fore"]
# "daily": asked once a day per dog; the phone keeps a passing answer until midnight.
Ask = Literal["every_session", "daily"]
StopReason = Literal["excessive_kicking", "pain", "distress", "interrupted", "other"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- doses -------------------------------------------------------------------------------------


class _DoseBounds(Strict):
    """A range `min`..`max`, or with `up_to` a ceiling only (finishing early is normal)."""

    min: PositiveInt | None = None
    max: PositiveInt
    up_to: bool = False

    @model_validator(mode="after")
    def _bounds_agree(self):
        if self.up_to and self.min is not None:
            raise ValueError("an 'up_to' dose has a ceiling only: remove 'min'")
        if not self.up_to and self.min is None:
            raise ValueError("'min' is required unless 'up_to' is true")
        if self.min is not None and self.min > self.max:
            raise ValueError(f"'min' ({self.min}) is greater than 'max' ({self.max})")
        return self


class RepsDose(_DoseBounds):
    type: Literal["reps"]
    unit: Prose = "times"
    per: Prose | None = Field(None, description="what one count applies to, e.g. 'toe'")

    @computed_field
    def label(self) -> Prose:
        each = f" for each {self.per}" if self.per else ""
        return f"{_range_text(self.min, self.max, self.up_to)} {self.unit}{each}"

    @computed_field
    def target(self) -> int:
        """The count the player aims for: the top of the range, or the ceiling."""
        return self.max


class DurationDose(_DoseBounds):
    """Seconds. The timer starts at `target`: the lower end of a range, or the ceiling."""

    type: Literal["duration"]

    @computed_field
    def label(self) -> Prose:
        if self.max % 60 == 0 and (self.min is None or self.min % 60 == 0):
            low = None if self.min is None else self.min // 60
            high = self.max // 60
            unit = "minute" if (high == 1 and low in (None, 1)) else "minutes"
            return f"{_range_text(low, high, self.up_to)} {unit}"
        return f"{_range_text(self.min, self.max, self.up_to)} seconds"

    @computed_field
    def target(self) -> int:
        return self.max if self.min is None else self.min


def _range_text(low: int | None, high: int, up_to: bool) -> str:
    if up_to:
        return f"up to {high}"
    return str(high) if low == high else f"{low}-{high}"


Dose = Annotated[RepsDose | DurationDose, Field(discriminator="type")]


# --- routine.toml ------------------------------------------------------------------------------


class Credit(Strict):
    author: Text
    publisher: Text
    article_title: Text
    page_title: Text
    statement: Prose


class Reference(Strict):
    id: Slug
    citation: Text
    finding: Prose
    doi: str | None = None


class TitledText(Strict):
    title: Prose
    text: Prose
    cue: Prose | None = None


class Setup(Strict):
    title: Prose
    position: Prose
    surface: Prose
    cue: Prose


class GeneralWarning(Strict):
    id: Slug
    text: Prose


class Graduation(Strict):
    title: Prose
    text: Prose
    question: Prose
    yes_title: Prose
    yes_message: Prose
    references: list[Slug] = []


class ClinicDefault(Strict):
    """A number beyond the source: it has a range, cites references, and the clinic may override it."""

    default: PositiveInt
    min: PositiveInt
    max: PositiveInt
    unit: Prose
    clinic_can_override: bool
    note: Prose
    # Where the number is a most, not a score (sessions a day): what the owner reads before one more.
    ceiling_note: Prose | None = None
    references: list[Slug] = Field(min_length=1)

    @model_validator(mode="after")
    def _default_in_range(self):
        if not self.min <= self.default <= self.max:
            raise ValueError(f"'default' ({self.default}) must lie between 'min' ({self.min}) and 'max' ({self.max})")
        return self


class RoutineFile(Strict):
    format: Literal[1] = Field(description="version of the content format itself")
    id: Slug
    title: Prose
    summary: Prose
    disclaimer: Prose
    credit: Credit
    why_gentle: TitledText
    setup: Setup
    general_warnings: list[GeneralWarning] = Field(min_length=1)
    graduation: Graduation
    crate_rest: ClinicDefault
    sessions_per_day: ClinicDefault
    references: list[Reference] = Field(min_length=1)


# --- safety.toml -------------------------------------------------------------------------------


class AnswerLabels(Strict):
    """The words on the two answer buttons, when plain "Yes" and "No" would not fit the question."""

    yes: Prose
    no: Prose


class EligibilityQuestion(Strict):
    id: Slug
    question: Prose
    blocks_on: Answer
    blocked_title: Prose
    blocked_message: Prose
    follow_up: Literal["graduation"] | None = None
    ask: Ask = "every_session"
    answers: AnswerLabels | None = None
    references: list[Slug] = []


class FactQuestion(Strict):
    """Something about the dog that never blocks: its answer chooses which red flags are asked."""

    id: Slug
    question: Prose
    answers: AnswerLabels
    ask: Ask = "every_session"
    references: list[Slug] = Field(min_length=1)


class FactAnswer(Strict):
    """A red flag is asked only when this fact was answered so."""

    question: Slug
    answer: Answer


class RedFlag(Strict):
    id: Slug
    question: Prose
    blocks_on: Answer = "yes"
    blocked_message: Prose
    urgent: bool = True
    when: FactAnswer | None = None
    answers: AnswerLabels | None = None
    references: list[Slug] = Field(min_length=1)


BladderMethod = Literal["own", "expressed"]


class BladderChoice(Strict):
    id: Slug
    label: Prose


class BladderMethodChoice(BladderChoice):
    """A way of emptying: `label` for the "Emptied now" screen, `profile_label` for the profile."""

    profile_label: Prose


class BladderResult(BladderChoice):
    """What came when the bladder was emptied; some call for the clinic the same day."""

    calls_clinic: bool = False
    methods: list[BladderMethod] = ["own", "expressed"]


class BladderCare(Strict):
    """Bladder care between sessions: the words of home's "Bladder" card. The interval is the
    clinic's (its prescription, or what it told the owner): none is set here."""

    title: Prose
    why: Prose
    interval_missing: Prose
    overdue: Prose
    call_title: Prose
    call_text: Prose
    methods: list[BladderMethodChoice] = Field(min_length=1)
    results: list[BladderResult] = Field(min_length=1)
    references: list[Slug] = Field(min_length=1)

    @model_validator(mode="after")
    def _methods_known(self):
        known = {method.id for method in self.methods}
        if not known <= {"own", "expressed"}:
            raise ValueError(f"methods: use the ids 'own' and 'expressed', not {sorted(known - {'own', 'expressed'})}")
        return self


class SafetyFile(Strict):
    eligibility: list[EligibilityQuestion] = Field(min_length=1)
    facts: list[FactQuestion] = []
    red_flags: list[RedFlag] = Field(min_length=1)
    red_flag_outcome: TitledText
    bladder: BladderCare


# --- steps.toml --------------------------------------------------------------------------------


class ActionWarning(Strict):
    text: Prose
    stop_reason: StopReason | None = None
    stop_label: Prose | None = None


# --- drawings ----------------------------------------------------------------------------------
# Each action shows an animated line drawing (web/js/drawings.js draws every motion named here):
# the dog on its side, the worked leg highlighted, the owner's hands. A joint's swing is a number
# of degrees each way, and small: the routine asks for a very light range, never a stretch.

Motion = Literal["stroke", "knead", "foot-rub", "toe-pads", "pump", "hip", "toe"]
Joint = Literal["hip", "stifle", "hock", "toe"]
# The joint each motion moves, and the largest swing each way the drawing may show, in degrees.
MOTION_JOINTS: dict[str, tuple[Joint, float]] = {"pump": ("hock", 20), "hip": ("hip", 15), "toe": ("toe", 25)}


class Drawing(Strict):
    motion: Motion
    description: Prose = Field(description="what the drawing shows, in words: its accessible name")
    amplitude_deg: float = Field(0, ge=0, description="the moving joint's swing each way (0: the hand moves, the leg rests)")
    hold: Literal["hock", "paw"] | None = Field(None, description="pump: where the moving hand holds the leg")
    support: Literal["stifle", "hock", "hip"] | None = Field(None, description="where the other hand rests")
    path: Literal["back-forth", "semicircle"] = "back-forth"

    @model_validator(mode="after")
    def _moves_as_its_motion_can(self):
        joint = MOTION_JOINTS.get(self.motion)
        if joint is None and self.amplitude_deg:
            raise ValueError(f"'{self.motion}' moves the hand, not a joint: leave out 'amplitude_deg'")
        if joint is not None and not 2 <= self.amplitude_deg <= joint[1]:
            raise ValueError(f"'{self.motion}' swings the {joint[0]}: 'amplitude_deg' must be from 2 to {joint[1]:g} "
                             f"degrees (the routine's very light range), not {self.amplitude_deg:g}")
        if self.motion == "pump" and not (self.hold and self.support):
            raise ValueError("a 'pump' names where one hand holds ('hold') and where the other supports ('support')")
        return self

    @computed_field
    def joint(self) -> Joint | None:
        return MOTION_JOINTS[self.motion][0] if self.motion in MOTION_JOINTS else None


class Action(Strict):
    id: Slug
    title: Prose
    instructions: list[Prose] = Field(min_length=1)
    cue: Prose
    dose: Dose
    optional: bool = False
    warnings: list[Slug] = []
    limbs: list[Limb] = Field(min_length=1, description="the legs this action is written for")
    drawing: Drawing | None = Field(None, description="the animated drawing that shows how (the drawings show a "
                                                      "back leg: every action for the back legs has one)")

    @model_validator(mode="after")
    def _back_leg_actions_are_drawn(self):
        if "hind" in self.limbs and self.drawing is None:
            raise ValueError("an action for the back legs needs its 'drawing' (see the comment at the top of steps.toml)")
        return self


class Step(Strict):
    id: Slug
    number: PositiveInt
    title: Prose
    purpose: Prose
    actions: list[Action] = []
    repeat_of: Slug | None = Field(None, description="this step repeats another step's actions")

    @model_validator(mode="after")
    def _actions_or_repeat(self):
        if bool(self.actions) == bool(self.repeat_of):
            raise ValueError("a step needs either 'actions' or 'repeat_of', not both or neither")
        return self


class StepsFile(Strict):
    warnings: dict[Slug, ActionWarning] = {}
    steps: list[Step] = Field(min_length=1)


# --- flow.toml ---------------------------------------------------------------------------------


class Leg(Strict):
    id: Slug
    label: Prose
    limb: Limb


class FlowBlock(Strict):
    id: Slug
    for_each: Literal["leg", "session"]
    leg_order: Literal["same", "reverse"] = "same"
    steps: list[Slug] = Field(min_length=1)
    intro: Prose | None = None
    # Declared after `for_each`, so the check below can read it.
    limbs: list[Limb] = Field([], validate_default=True,
                              description="a per-leg block runs on the dog's legs of these limbs only")

    @field_validator("limbs")
    @classmethod
    def _limbs_match_for_each(cls, limbs: list[str], info: ValidationInfo) -> list[str]:
        for_each = info.data.get("for_each")
        if for_each == "leg" and not limbs:
            raise ValueError('a block with for_each = "leg" names the limbs it is written for, e.g. limbs = ["hind"]')
        if for_each == "session" and limbs:
            raise ValueError('a block with for_each = "session" runs once, on no leg: remove \'limbs\'')
        return limbs


class FlowFile(Strict):
    legs: list[Leg] = Field(min_length=1)
    flow: list[FlowBlock] = Field(min_length=1)
    legs_not_covered: TitledText = Field(description="what the owner is told of a leg no per-leg block works on")


# --- the whole routine -------------------------------------------------------------------------


class Routine(FlowFile, StepsFile, SafetyFile, RoutineFile):
    """The four files joined into the one document `GET /api/v1/routine` serves (with `version`).

    Bases are listed in reverse so the served fields read in file order: routine, safety, steps, flow.
    """

    def step(self, step_id: str) -> Step:
        return next(step for step in self.steps if step.id == step_id)

    def actions_of(self, step_id: str) -> list[Action]:
        """The actions a step runs: its own, or those of the step it repeats (none if unknown)."""
        step = next((s for s in self.steps if s.id == step_id), None)
        if step is not None and step.repeat_of:
            step = next((s for s in self.steps if s.id == step.repeat_of), None)
        return step.actions if step else []
