// The card between two legs (and before the hip and toes on the same leg): full screen, one big
// Ready button, spoken by cues.js, so the owner never works the wrong leg by mistake.
import { h } from '../dom.js';
import * as player from '../player.js';
import { legLabel, legChangeText } from '../flow.js';

// Between legs, and before the hip and toes: a card that cannot be missed, spoken too.
export function legChangeScreen({ routine, act }) {
  const item = player.currentItem();
  const previous = player.previousItem();
  const leg = item.leg ? legLabel(routine, item.leg) : 'Both sides';
  const block = routine.flow.find((b) => b.id === item.block);
  const sameLeg = previous && previous.leg === item.leg;
  return h('section', { class: 'leg-change', 'data-leg': item.leg ?? '' },
    h('p', { class: 'eyebrow' }, sameLeg ? 'Same leg, next part' : 'Change of leg'),
    h('h1', { tabindex: -1, id: 'leg-change-title' }, legChangeText(routine, item, previous)),
    h('p', { class: 'lead' }, sameLeg ? `Stay on the ${leg.toLowerCase()}.` : `Move to the ${leg.toLowerCase()}. Gently, with the lightest touch.`),
    block?.intro && previous?.block !== item.block ? h('p', {}, block.intro) : null,
    h('p', { class: 'hint' }, `Next: step ${item.step.number}, ${item.step.title.toLowerCase()}.`),
    h('button', { type: 'button', class: 'button block huge primary-control', id: 'leg-ready', 'data-autofocus': true,
      onclick: act(() => player.continueAfterLegChange()) }, 'Ready'));
}
