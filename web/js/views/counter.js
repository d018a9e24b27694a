// The counter of an action done so many times: one big tap zone (the lower part of the screen),
// the count in it, and beside it the paced count, "next toe" and "done". While counting nothing
// is rebuilt: refreshCount() changes the words in place, so a tap never moves what is under the
// finger.
import { h } from '../dom.js';
import * as player from '../player.js';
import { loadSettings } from '../local-state.js';
import { getDog, saveDog } from '../dogs.js';
import { t } from '../i18n.js';

// "7 of 10-15", "Toe 2: 3 of 10", "4 of up to 15". `per` ("toe") is the content's own word, in
// the routine's language as the server sends it.
function countText(reps, dose) {
  const target = dose.up_to ? t('up to {max}', { max: dose.max }) : dose.min === dose.max ? `${dose.max}` : `${dose.min}-${dose.max}`;
  if (!dose.per) return t('{count} of {target}', { count: reps.count, target });
  return t('{Per} {number}: {count} of {target}', { Per: capitalise(dose.per), number: reps.perCount, count: reps.count, target });
}

const capitalise = (word) => `${word[0].toUpperCase()}${word.slice(1)}`;
// Only where there is a keyboard does "press Space" mean anything.
const hasKeyboard = () => window.matchMedia?.('(hover: hover) and (pointer: fine)').matches;

function tapHint(reps, dose) {
  const full = reps.count >= dose.max;
  if (dose.per && full) {
    return t('{Per} {number} done. Tap here for the next {per}', { Per: capitalise(dose.per), number: reps.perCount, per: dose.per });
  }
  if (reps.paced) {
    const seconds = loadSettings().pacedSecondsPerRep;
    return reps.pacing ? t('Counting for you, one every {seconds} s. Tap to pause', { seconds }) : t('Tap here to start the paced count');
  }
  return hasKeyboard() ? t('Tap here for each one (or press Space)') : t('Tap here for each one');
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
      h('p', { class: 'count done-count', id: 'rep-count' }, t('{count} · done', { count: countText(reps, dose) })));
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
        onclick: act(() => setPacedForDog(session.dog.id, !reps.paced)) }, t('Paced count')),
      dose.per ? h('button', { type: 'button', class: hidden(reps.count > 0 && reps.count < dose.max), id: 'next-per',
        onclick: act(() => player.nextPer()) }, t('Next {per}', { per: dose.per })) : null,
      h('button', { type: 'button', class: hidden(reps.total > 0), id: 'reps-finish',
        onclick: act(() => player.finishReps()) }, dose.per ? t('All {per}s done', { per: dose.per }) : t('Done'))),
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
