// The routine at a glance: set-up, then each step with its dose, in the order of the flow, with
// the legs each part is for and what to do about legs the routine has nothing for.
import { h, card } from '../dom.js';
import { loadRoutine } from '../api.js';
import { blockLegsInWords } from './dogs.js';
import { actionDrawing } from '../drawings.js';
import { t } from '../i18n.js';

export async function routineOverview() {
  const routine = await loadRoutine();
  const steps = new Map(routine.steps.map((step) => [step.id, step]));
  const actionsOf = (step) => (step.repeat_of ? steps.get(step.repeat_of).actions : step.actions);
  const { title, text } = routine.legs_not_covered;
  return {
    title: t('The routine'),
    node: h('div', {},
      h('h1', {}, routine.title),
      h('p', {}, routine.summary),
      card(h('h2', {}, routine.setup.title), h('p', {}, routine.setup.position), h('p', {}, routine.setup.surface)),
      card(h('h2', {}, routine.why_gentle.title), h('p', {}, routine.why_gentle.text)),
      ...routine.flow.map((block) => card(
        h('h2', {}, block.intro || block.id),
        forLegs(routine, block),
        h('ol', { class: 'steps-list' }, block.steps.map((id) => steps.get(id)).map((step) => h('li', { value: step.number },
          h('strong', {}, step.title),
          h('ul', { class: 'overview-actions' }, actionsOf(step).map((action) => h('li', {},
            `${action.title}: `, h('span', { class: 'dose' }, action.dose.label),
            action.drawing && actionDrawing(action, null))))))),
      )),
      h('section', { class: 'card legs-not-covered', id: 'legs-not-covered' }, h('h2', {}, title), h('p', {}, text)),
      h('section', { class: 'warning' }, h('h2', {}, t('Always')),
        h('ul', {}, routine.general_warnings.map((warning) => h('li', {}, warning.text)))),
    ),
  };
}

// "For each back leg", under a per-leg block's heading (nothing while the content names no limbs).
function forLegs(routine, block) {
  const words = block.for_each === 'leg' && blockLegsInWords(routine, block);
  return words ? h('p', { class: 'block-legs' }, words) : null;
}
