// What the owner hears. Player events become short spoken cues and chimes, so eyes and hands can
// stay on the dog. Every step's cue names the leg, as does the card between legs. The paced count
// lives here too: it taps for the owner at a slow, steady pace.
import { onPlayerEvent, countRep, active, currentItem } from './player.js';
import { say, chime, softChime } from './signals.js';
import { loadSettings } from './local-state.js';
import { loadRoutine } from './api.js';
import { legLabel, legChangeText } from './flow.js';

const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen'];
let lastStepKey = null;
let pacer = null;
let routine = null;
let timeUpWhileHidden = null; // the action whose timer ended while the screen was off
let prefix = ''; // said before the next cue: what just happened ("Rub the foot stopped...")
loadRoutine().then((loaded) => { routine = loaded; }).catch(() => {});

const legName = (leg) => (leg && routine ? legLabel(routine, leg) : null);

// The cue for entering an action: the leg and the step's title when it is a new step ("Right back
// leg. Step 1: Warm-up stroke."), then the action and its dose.
export function actionCue(item, { again = false } = {}) {
  const stepKey = `${item.leg}/${item.step.id}`;
  const parts = [];
  if (stepKey !== lastStepKey || again) {
    const leg = legName(item.leg);
    if (leg) parts.push(`${leg}.`);
    parts.push(`Step ${item.step.number}: ${item.step.title}.`);
  }
  if (!again) lastStepKey = stepKey;
  parts.push(item.action.cue, `${capitalise(item.action.dose.label)}.`);
  return parts.join(' ');
}

// A timer that ended while the phone was locked or the app hidden speaks up as soon as it is back.
function announceTimeUp(item) {
  chime();
  say(`Time is up: ${item.action.title}. Tap Next when you are ready.`);
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'visible' || !timeUpWhileHidden) return;
  const item = timeUpWhileHidden;
  timeUpWhileHidden = null;
  if (currentItem() === item) announceTimeUp(item);
});

// The next cue, after what just happened, in one utterance (a new one cuts the last short).
function sayNext(text) {
  say(`${prefix}${text}`);
  prefix = '';
}

onPlayerEvent((event) => {
  switch (event.type) {
    case 'action':
      stopPacing();
      if (event.first || event.afterLegChange) lastStepKey = null;
      sayNext(actionCue(event.item));
      break;
    case 'leg-change': stopPacing(); chime(); sayNext(`${legChangeText(routine, event.item, event.previous)}. Tap Ready when you are.`); break;
    case 'action-stopped': {
      const leg = legName(event.item.leg);
      prefix = `${event.item.action.title} stopped${leg ? ` on the ${leg.toLowerCase()}` : ''}. Moving on. `;
      break;
    }
    case 'timer-started': say('Get ready.'); break;
    case 'timer-running': if (!event.late) { softChime(); say('Begin.'); } break;
    case 'timer-done':
      if (document.visibilityState === 'hidden') timeUpWhileHidden = event.item;
      else announceTimeUp(event.item);
      break;
    case 'rep':
      if (event.perDone) { chime(); say(`${NUMBERS[event.count] ?? event.count}. Tap for the next ${currentItem().action.dose.per}.`); }
      else if (event.reachedMin) { softChime(); say(`${NUMBERS[event.count] ?? event.count}. That is enough, or go on.`); }
      else say(NUMBERS[event.count] ?? String(event.count));
      break;
    case 'next-per': say(`${capitalise(currentItem().action.dose.per)} ${event.perCount}.`); break;
    case 'reps-done': stopPacing(); chime(); say('Done. Tap Next when you are ready.'); break;
    case 'pacing-started': startPacing(); break;
    case 'pacing-paused': stopPacing(); say('Paused.'); break;
    case 'paced': stopPacing(); say(event.on ? 'Paced count on. Tap the big area to start it.' : 'Paced count off.'); break;
    case 'finished-early': stopPacing(); break;
    case 'finish': stopPacing(); chime(); sayNext('All done. Well done, both of you.'); break;
    case 'stopped': stopPacing(); say('Session stopped.'); break;
    default: break;
  }
});

// Paced counting: one count every few seconds (Settings; 3 by default), spoken by the 'rep' cue.
export function startPacing() {
  stopPacing();
  const seconds = loadSettings().pacedSecondsPerRep;
  say(`Counting for you, one every ${seconds} seconds.`);
  pacer = setInterval(() => {
    if (!active()?.reps?.pacing || active().reps.done) return stopPacing();
    countRep();
  }, seconds * 1000);
}

export function stopPacing() {
  clearInterval(pacer);
  pacer = null;
}

function capitalise(word) {
  return word ? word[0].toUpperCase() + word.slice(1) : '';
}
