// The routine's flow as a flat list of what the owner does, in order: the player follows this
// list, so the order lives in content/flow.toml and nowhere in the code.

// Every action of the session: [{block, leg, legIndex, legCount, step, action}]. Legs are the
// dog's affected legs in the content's order; a block with leg_order "reverse" starts with the
// leg exercised last, so the dog need not be turned over an extra time.
export function expandFlow(routine, dogLegs) {
  const steps = new Map(routine.steps.map((step) => [step.id, step]));
  const legs = routine.legs.map((leg) => leg.id).filter((id) => dogLegs.includes(id));
  const sequence = [];
  for (const block of routine.flow) {
    const blockLegs = block.for_each === 'session' ? [null] : block.leg_order === 'reverse' ? [...legs].reverse() : legs;
    blockLegs.forEach((leg, legIndex) => {
      for (const stepId of block.steps) {
        const step = steps.get(stepId);
        const actions = step.repeat_of ? steps.get(step.repeat_of).actions : step.actions;
        for (const action of actions) sequence.push({ block: block.id, leg, legIndex, legCount: blockLegs.length, step, action });
      }
    });
  }
  return sequence;
}

// The safety gate's questions in order: eligibility, then red flags. A "graduation" question
// follows an eligibility question that asks for it, but only when that question blocked.
export function gateQuestions(routine) {
  return [
    ...routine.eligibility.map((q) => ({ ...q, kind: 'eligibility' })),
    ...routine.red_flags.map((q) => ({ ...q, kind: 'red_flag' })),
  ];
}

export function graduationQuestion(routine) {
  const g = routine.graduation;
  return { id: 'graduation', kind: 'graduation', question: g.question, yes_title: g.yes_title, yes_message: g.yes_message };
}

// What the log records as an action's target: the content's dose without its display fields.
export function doseTarget(dose) {
  const target = { type: dose.type, min: dose.min ?? null, max: dose.max, up_to: Boolean(dose.up_to) };
  if (dose.per) target.per = dose.per;
  return target;
}

export function legLabel(routine, legId) {
  return routine.legs.find((leg) => leg.id === legId)?.label ?? legId;
}
