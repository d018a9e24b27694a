// The routine's flow as a flat list of what the owner does, in order: the player follows this
// list, so the order lives in content/flow.toml and nowhere in the code.
import { t } from './i18n.js';

// A per-leg block runs on the dog's legs whose limb it covers (content: `limbs`). With the
// source's routine that is the back legs only: a front leg gets no actions from it.
const runsOn = (block, leg) => (block.limbs || []).includes(leg.limb);

// The dog's legs that some block of the routine works on, in the content's order.
export function coveredLegs(routine, dogLegs = []) {
  const perLeg = routine.flow.filter((block) => block.for_each === 'leg');
  return routine.legs.filter((leg) => dogLegs.includes(leg.id) && perLeg.some((block) => runsOn(block, leg)))
    .map((leg) => leg.id);
}

// The dog's legs the routine has nothing for (front legs, with the source's content).
export const uncoveredLegs = (routine, dogLegs = []) => {
  const covered = coveredLegs(routine, dogLegs);
  return routine.legs.map((leg) => leg.id).filter((id) => dogLegs.includes(id) && !covered.includes(id));
};

// Every action of the session: [{block, blockIndex, leg, legIndex, legCount, step, action}].
// A block with leg_order "reverse" starts with the leg exercised last, so the dog need not be
// turned over an extra time.
export function expandFlow(routine, dogLegs) {
  const steps = new Map(routine.steps.map((step) => [step.id, step]));
  const sequence = [];
  routine.flow.forEach((block, blockIndex) => {
    const legs = routine.legs.filter((leg) => dogLegs.includes(leg.id) && runsOn(block, leg)).map((leg) => leg.id);
    const blockLegs = block.for_each === 'session' ? [null] : block.leg_order === 'reverse' ? legs.reverse() : legs;
    blockLegs.forEach((leg, legIndex) => {
      for (const stepId of block.steps) {
        const step = steps.get(stepId);
        const actions = step.repeat_of ? steps.get(step.repeat_of).actions : step.actions;
        for (const action of actions) {
          sequence.push({ block: block.id, blockIndex, leg, legIndex, legCount: blockLegs.length, step, action });
        }
      }
    });
  });
  return sequence;
}

// What the log records as an action's target: the content's dose without its display fields.
export function doseTarget(dose) {
  const target = { type: dose.type, min: dose.min ?? null, max: dose.max, up_to: Boolean(dose.up_to) };
  if (dose.per) target.per = dose.per;
  return target;
}

// "Now the right back leg", or on the same leg, "Now the hip exercise: right back leg". A block
// done once a session (no leg) is on both sides. The leg and the step are the content's words.
export function legChangeText(routine, item, previous) {
  const sameLeg = previous && previous.leg === item.leg;
  const step = item.step.title.toLowerCase();
  if (!item.leg) return sameLeg ? t('Now the {step}: both sides', { step }) : t('Now both sides');
  const label = legLabel(routine, item.leg);
  const leg = label[0].toLowerCase() + label.slice(1);
  return sameLeg ? t('Now the {step}: {leg}', { step, leg }) : t('Now the {leg}', { leg });
}

export function legLabel(routine, legId) {
  return routine.legs.find((leg) => leg.id === legId)?.label ?? legId;
}
