// What the owner hears. Player events become short spoken cues and chimes, so eyes and hands can
// stay on the dog. The paced count lives here too: it taps for the owner at a slow, steady pace.
import { onPlayerEvent, countRep, active, currentItem } from './player.js';
import { say, chime, softChime } from './signals.js';
import { loadSettings } from './local-state.js';

const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen'];
let lastStepKey = null;
let pacer = null;

// The cue for entering an action: the step's title when it is a new step, then the action.
export function actionCue(item, { again = false } = {}) {
  const stepKey = `${item.leg}/${item.step.id}`;
  const parts = stepKey !== lastStepKey || again ? [`Step ${item.step.number}: ${item.step.title}.`] : [];
  if (!again) lastStepKey = stepKey;
  parts.push(item.action.cue, `${capitalise(item.action.dose.label)}.`);
  return parts.join(' ');
}

onPlayerEvent((event) => {
  switch (event.type) {
    case 'action':
      stopPacing();
      if (event.first) lastStepKey = null;
      say(actionCue(event.item));
      break;
    case 'timer-started': say('Get ready.'); break;
    case 'timer-running': if (!event.late) { softChime(); say('Begin.'); } break;
    case 'timer-done':
      if (!event.late) chime();
      say('Time is up. Tap Next when you are ready.');
      break;
    case 'rep':
      if (event.perDone) { chime(); say(`${NUMBERS[event.count] ?? event.count}. Next ${currentItem().action.dose.per}.`); }
      else if (event.reachedMin) { softChime(); say(`${NUMBERS[event.count] ?? event.count}. That is enough, or go on.`); }
      else say(NUMBERS[event.count] ?? String(event.count));
      break;
    case 'next-per': say(`${capitalise(currentItem().action.dose.per)} ${event.perCount}.`); break;
    case 'reps-done': stopPacing(); chime(); say('Done. Tap Next when you are ready.'); break;
    case 'finished-early': stopPacing(); break;
    case 'finish': stopPacing(); chime(); say('All done. Well done, both of you.'); break;
    case 'stopped': stopPacing(); say('Session stopped.'); break;
    default: break;
  }
});

// Paced counting: one count every few seconds (Settings; 3 by default), spoken by the 'rep' cue.
export function startPacing() {
  stopPacing();
  const seconds = loadSettings().pacedSecondsPerRep;
  say(`Paced count, one every ${seconds} seconds.`);
  pacer = setInterval(() => {
    if (!active()?.reps?.paced || active().reps.done) return stopPacing();
    countRep();
  }, seconds * 1000);
}

export function stopPacing() {
  clearInterval(pacer);
  pacer = null;
}

export const isPacing = () => pacer !== null;

function capitalise(word) {
  return word ? word[0].toUpperCase() + word.slice(1) : '';
}
