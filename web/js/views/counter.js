// The counter of an action done so many times: one big tap zone (the lower part of the screen),
// the count in it, and beside it the paced count, "next toe" and "done". While counting nothing
// is rebuilt: refreshCount() changes the words in place, so a tap never moves what is under the
// finger.
import { h } from '../dom.js';
import * as player from '../player.js';
import { loadSettings } from '../local-state.js';
import { getDog, saveDog } from '../dogs.js';

// "7 of 10-15", "Toe 2: 3 of 10", "4 of up to 15".
function countText(reps, dose) {
  const of = dose.up_to ? `up to ${dose.max}` : dose.min === dose.max ? `${dose.max}` : `${dose.min}-${dose.max}`;
  const perLabel = dose.per ? `${capitalise(dose.per)} ${reps.perCount}: ` : '';
  return `${perLabel}${reps.count} of ${of}`;
}

const capitalise = (word) => `${word[0].toUpperCase()}${word.slice(1)}`;
// Only where there is a keyboard does "press Space" mean anything.
const hasKeyboard = () => window.matchMedia?.('(hover: hover) and (pointer: fine)').matches;

function tapHint(reps, dose) {
  const full = reps.count >= dose.max;
  if (dose.per && full) return `${capitalise(dose.per)} ${reps.perCount} done. Tap here for the next ${dose.per}`;
  if (reps.paced) {
    const every = loadSettings().pacedSecondsPerRep;
    return reps.pacing ? `Counting for you, one every ${every} s. Tap to pause` : 'Tap here to start the paced count';
  }
  return hasKeyboard() ? 'Tap here for each one (or press Space)' : 'Tap here for each one';
}

// The count and what stands beside it change in place, never the layout (see session.js).
export function refreshCount(session) {
  const reps = session?.reps;
  const item = player.currentItem();
  if (!reps || !item || reps.done) return;
  const { dose } = item.action;
  const set = (id, text) => { const node = document.getElementById(id); if (node && node.textContent !== text) node.textContent = text; };
  set('rep-count', countText(reps, dose));
  set('tap-hint', tapHint(reps, dose));
  // Hidden, not removed: the buttons around keep their places.
  const show = (id, visible) => document.getElementById(id)?.classList.toggle('is-hidden', !visible);
  show('reps-finish', reps.total > 0);
  show('next-per', reps.count > 0 && reps.count < dose.max);
}

// The tap zone: one tap, one count. For "each toe", a full toe's next tap starts the next toe;
// in paced mode a tap starts or pauses the count the phone keeps.
export function counterPanel({ session, act }, action) {
  const reps = session.reps;
  const dose = action.dose;
  if (reps.done) {
    return h('div', { class: 'counter-panel' },
      h('p', { class: 'count done-count', id: 'rep-count' }, `${countText(reps, dose)} · done`));
  }
  const tap = act(() => {
    const now = player.active().reps;
    if (dose.per && now.count >= dose.max) return player.nextPer();
    if (now.paced) return player.setPacing(!now.pacing);
    return player.countRep();
  });
  const hidden = (visible) => (visible ? 'button secondary' : 'button secondary is-hidden');
  return h('div', { class: 'counter-panel' },
    h('div', { class: 'control-row count-row' },
      h('button', { type: 'button', class: 'button secondary', id: 'paced-toggle', 'aria-pressed': String(Boolean(reps.paced)),
        onclick: act(() => setPacedForDog(session.dog.id, !reps.paced)) }, 'Paced count'),
      dose.per ? h('button', { type: 'button', class: hidden(reps.count > 0 && reps.count < dose.max), id: 'next-per',
        onclick: act(() => player.nextPer()) }, `Next ${dose.per}`) : null,
      h('button', { type: 'button', class: hidden(reps.total > 0), id: 'reps-finish',
        onclick: act(() => player.finishReps()) }, dose.per ? `All ${dose.per}s done` : 'Done')),
    h('button', { type: 'button', class: 'tap-zone primary-control', id: 'tap-zone', 'data-autofocus': true, onclick: tap },
      h('span', { class: 'count', id: 'rep-count' }, countText(reps, dose)),
      h('span', { class: 'tap-hint', id: 'tap-hint' }, tapHint(reps, dose))));
}

// Paced counting is remembered for each dog: the next count screen starts in the same mode.
async function setPacedForDog(dogId, on) {
  await player.setPaced(on);
  const dog = await getDog(dogId);
  if (dog) await saveDog({ ...dog, pacedCount: on });
}
