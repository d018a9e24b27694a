// What the owner hears. Player events become short spoken cues and chimes, so eyes and hands can
// stay on the dog. Every step's cue names the leg, as does the card between legs. The paced count
// lives here too: it taps for the owner at a slow, steady pace.
import { onPlayerEvent, countRep, active, currentItem } from './player.js';
import { say, chime, softChime } from './signals.js';
import { loadSettings } from './local-state.js';
import { loadRoutine } from './api.js';
import { legLabel, legChangeText } from './flow.js';
import { t, formatNumber } from './i18n.js';

// A count said aloud: in words up to fifteen, then in figures. The words are looked up when
// said, never at load: the catalogue comes after the modules.
function spokenNumber(count) {
  const words = [t('zero'), t('one'), t('two'), t('three'), t('four'), t('five'), t('six'), t('seven'), t('eight'),
    t('nine'), t('ten'), t('eleven'), t('twelve'), t('thirteen'), t('fourteen'), t('fifteen')];
  return words[count] ?? formatNumber(count);
}

let lastStepKey = null;
let pacer = null;
let routine = null;
let timeUpWhileHidden = null; // the action whose timer ended while the screen was off
let prefix = ''; // said before the next cue: what just happened ("Rub the foot stopped...")
loadRoutine().then((loaded) => { routine = loaded; }).catch(() => {});

const legName = (leg) => (leg && routine ? legLabel(routine, leg) : null);

// The cue for entering an action, one sentence: the leg and the step's title when it is a new
// step ("Right back leg. Step 1: Warm-up stroke."), then the action's cue and its dose.
export function actionCue(item, { again = false } = {}) {
  const stepKey = `${item.leg}/${item.step.id}`;
  const newStep = stepKey !== lastStepKey || again;
  if (!again) lastStepKey = stepKey;
  const leg = legName(item.leg);
  const words = { leg, number: item.step.number, title: item.step.title, cue: item.action.cue,
    dose: capitalise(item.action.dose.label) };
  if (!newStep) return t('{cue} {dose}.', words);
  return leg ? t('{leg}. Step {number}: {title}. {cue} {dose}.', words) : t('Step {number}: {title}. {cue} {dose}.', words);
}

// A timer that ended while the phone was locked or the app hidden speaks up as soon as it is back.
function announceTimeUp(item) {
  chime();
  say(t('Time is up: {action}. Tap Next when you are ready.', { action: item.action.title }));
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
    case 'leg-change': {
      stopPacing();
      chime();
      sayNext(t('{change}. Tap Ready when you are.', { change: legChangeText(routine, event.item, event.previous) }));
      break;
    }
    case 'action-stopped': prefix = `${stoppedText(event.item)} `; break;
    case 'timer-started': say(t('Get ready.')); break;
    case 'timer-running': if (!event.late) { softChime(); say(t('Begin.')); } break;
    case 'timer-done':
      if (document.visibilityState === 'hidden') timeUpWhileHidden = event.item;
      else announceTimeUp(event.item);
      break;
    case 'rep':
      if (event.perDone) {
        chime();
        say(t('{number}. Tap for the next {per}.', { number: spokenNumber(event.count), per: currentItem().action.dose.per }));
      } else if (event.reachedMin) {
        softChime();
        say(t('{number}. That is enough, or go on.', { number: spokenNumber(event.count) }));
      } else say(spokenNumber(event.count));
      break;
    // `per` is the content's own word ("toe"; the routine's language, as the server sends it).
    case 'next-per': say(t('{Per} {number}.', { Per: capitalise(currentItem().action.dose.per), number: event.perCount })); break;
    case 'reps-done': stopPacing(); chime(); say(t('Done. Tap Next when you are ready.')); break;
    case 'pacing-started': startPacing(); break;
    case 'pacing-paused': stopPacing(); say(t('Paused.')); break;
    case 'paced': stopPacing(); say(event.on ? t('Paced count on. Tap the big area to start it.') : t('Paced count off.')); break;
    case 'finished-early': stopPacing(); break;
    case 'finish': stopPacing(); chime(); sayNext(t('All done. Well done, both of you.')); break;
    case 'stopped': stopPacing(); say(t('Session stopped.')); break;
    default: break;
  }
});

// Paced counting: one count every few seconds (Settings; 3 by default), spoken by the 'rep' cue.
export function startPacing() {
  stopPacing();
  const seconds = loadSettings().pacedSecondsPerRep;
  say(t('Counting for you, one every {seconds} seconds.', { seconds }));
  pacer = setInterval(() => {
    if (!active()?.reps?.pacing || active().reps.done) return stopPacing();
    countRep();
  }, seconds * 1000);
}

export function stopPacing() {
  clearInterval(pacer);
  pacer = null;
}

// Said before the next cue: "Rub the foot stopped on the right back leg. Moving on."
function stoppedText(item) {
  const leg = legName(item.leg);
  const action = item.action.title;
  return leg ? t('{action} stopped on the {leg}. Moving on.', { action, leg: leg.toLowerCase() })
    : t('{action} stopped. Moving on.', { action });
}

function capitalise(word) {
  return word ? word[0].toUpperCase() + word.slice(1) : '';
}
