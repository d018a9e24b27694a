// The guided session: one screen whose body follows the player's phase. The whole body is
// redrawn when the phase or the action changes; between those, a ticker only updates the clock.
import { h } from '../dom.js';
import * as player from '../player.js';
import { loadRoutine } from '../api.js';
import { chosenDog, dogFromLink, ptStartsLater, planClosedOn } from '../dogs.js';
import { logsFor, daySessions, targetMet, todayKey } from '../logs.js';
import { coveredLegs } from '../flow.js';
import { workerStatus } from '../pwa.js';
import { navigate, onViewRendered } from '../router.js';
import { gateScreen, blockedScreen, notYetApproved, planClosed, callClinic } from './gate.js';
import { setupScreen, actionScreen, legChangeScreen, startTicking } from './exercise.js';
import { refreshCount } from './counter.js';
import { endScreen } from './finish.js';
import { loadSettings, saveSettings } from '../local-state.js';
import { silence } from '../signals.js';
import '../cues.js';
import { t, plural } from '../i18n.js';

let routine = null;
let dog = null;

export async function sessionView() {
  routine = await loadRoutine();
  let session = await player.loadActive(routine);
  // A reminder names its dog; a session already running carries on with its own.
  dog = session ? await chosenDog() : await dogFromLink();
  if (!session) {
    if (!dog) return noDog();
    if (!dog.legs?.length) return noDog(dog);
    if (!coveredLegs(routine, dog.legs).length) return noCoveredLegs(dog);
    if (planClosedOn(dog)) return notOffered(t('Plan closed'), planClosed(dog, planClosedOn(dog)));
    const startsOn = ptStartsLater(dog, todayKey());
    if (startsOn) return notOffered(t('Not yet'), notYetApproved(dog, startsOn));
    if (await dayDone(dog)) return confirmExtra(dog);
    session = await player.begin(dog, routine, workerStatus.build);
  }
  return playerView();
}

function playerView() {
  const node = h('div', { class: 'player' },
    h('div', { class: 'player-bar' },
      h('div', { id: 'player-progress', class: 'player-progress' }),
      voiceToggle(),
      h('button', { type: 'button', class: 'button stop', id: 'stop-button', onclick: () => openStopSheet() }, t('Stop'))),
    h('div', { id: 'player-body' }),
    h('p', { id: 'spoken-cue', class: 'caption', 'aria-live': 'polite' }),
    stopSheet(routine, act));
  shownKey = null;
  paint(node);
  startTicking(routine, schedulePaint);
  return { title: t('Session'), node };
}

// Sessions a day are a ceiling: once today's target is met, another session needs a deliberate
// "yes", and its log says it was extra.
async function dayDone(dog) {
  return targetMet(daySessions(await logsFor(dog.id), todayKey()), dog.sessionsPerDay || routine.sessions_per_day.default);
}

function confirmExtra(dog) {
  const perDay = dog.sessionsPerDay || routine.sessions_per_day.default;
  const start = async () => {
    await player.begin(dog, routine, workerStatus.build, { extra: true });
    navigate('/session', { replace: true });
  };
  return { title: t('Session'), node: h('section', { class: 'confirm-extra' },
    h('h1', { tabindex: -1 }, plural(perDay, "Today's session is done", "Today's {n} sessions are done")),
    h('p', { class: 'lead' }, routine.sessions_per_day.ceiling_note || t('More sessions are not better for a healing disc.')),
    h('p', {}, t('Start another only if your vet has told you to. It is saved as an extra session, so your clinic can see it.')),
    h('div', { class: 'confirm-actions' },
      h('a', { class: 'button block huge', href: '/', 'data-link': true, id: 'extra-no' }, t('Rest until tomorrow')),
      h('button', { type: 'button', class: 'button secondary block', id: 'extra-yes', onclick: start }, t('Start an extra session')))) };
}

// Wrap a user action: do it, then redraw (the player's own 'change' event redraws too; paints
// are coalesced, so the two cost one).
export function act(fn) {
  return async (...args) => {
    await fn(...args);
    schedulePaint();
  };
}

let paintQueued = false;
function schedulePaint() {
  if (paintQueued) return;
  paintQueued = true;
  queueMicrotask(() => {
    paintQueued = false;
    paint();
  });
}
// Changes that no tap made (the paced count, a timer ending, a stop from another screen) redraw too.
player.onPlayerEvent((event) => event.type === 'change' && schedulePaint());

// The screen is rebuilt only when its shape changes. While counting, nothing is rebuilt: the
// count, the toe and the buttons beside the tap zone change in place (refreshCount), so a tap
// never moves what is under the finger and screen readers are not told the whole screen again.
let shownKey = null;
function screenKey(session) {
  if (!session) return 'none';
  const { reps, timer, gate } = session;
  return [session.phase, session.position, gate.answers.length, gate.followUp, timer?.state, timer?.totalMs,
    reps && [reps.done, reps.paced]].flat().join('|');
}

export function paint(root = document) {
  const body = root.querySelector('#player-body');
  if (!body) return; // the owner has gone to another page; the session waits for them
  const session = player.active();
  const key = screenKey(session);
  document.body.classList.toggle('in-exercise', session?.phase === 'action' || session?.phase === 'leg-change');
  if (key === shownKey && body.firstChild) return refreshCount(session);
  shownKey = key;
  const ctx = { routine, dog, session, act };
  const screens = { gate: gateScreen, blocked: blockedScreen, setup: setupScreen, action: actionScreen,
    'leg-change': legChangeScreen, finish: endScreen, stopped: endScreen };
  body.replaceChildren(session ? screens[session.phase](ctx) : endScreen(ctx));
  root.querySelector('#player-progress').replaceChildren(progressText(session));
  const stop = root.querySelector('#stop-button');
  stop.hidden = !session || ['blocked', 'stopped', 'finish'].includes(session.phase);
  stop.textContent = session?.phase === 'gate' ? t('Cancel') : t('Stop');
  root.querySelector('#stop-action-kicking').hidden = session?.phase !== 'action' || !player.currentItem()?.leg;
  // A new screen starts at its top (where it says which leg and step), with the main control focused.
  window.scrollTo(0, 0);
  const focus = body.querySelector('[data-autofocus]') || body.querySelector('h1');
  focus?.focus({ preventScroll: true });
}

function progressText(session) {
  if (!session) return '';
  if (session.phase === 'gate') {
    if (player.currentQuestion()?.kind === 'graduation') return h('span', {}, t('Safety check · one more'));
    const { index, total } = player.gateProgress();
    return h('span', { id: 'gate-progress' }, t('Safety check · {number} of {total}', { number: index + 1, total }));
  }
  if (!['action', 'leg-change'].includes(session.phase)) return h('span', {}, session.phase === 'setup' ? t('Before you begin') : '');
  const done = session.position;
  const total = player.sequenceLength();
  return h('div', { class: 'progress-wrap' },
    h('span', {}, t('{done} of {total} done', { done, total })),
    h('progress', { max: total, value: done, 'aria-label': t('Session progress') }));
}

// Spoken cues on or off without leaving the session (the same setting as in Settings).
function voiceToggle() {
  const button = h('button', { type: 'button', class: 'button secondary voice-toggle', id: 'voice-toggle' });
  const show = () => {
    const on = loadSettings().voice;
    button.setAttribute('aria-pressed', String(on));
    button.textContent = on ? t('Voice on') : t('Voice off');
  };
  button.addEventListener('click', () => {
    const on = !loadSettings().voice;
    saveSettings({ voice: on });
    if (!on) silence();
    show();
  });
  show();
  return button;
}

// Every leg ticked is one the routine has nothing for (a front leg): no session, ask the clinic.
function noCoveredLegs(dog) {
  const { title, text } = routine.legs_not_covered;
  return { title: t('Session'), node: h('div', {}, h('h1', { id: 'no-covered-legs' }, title), h('p', { class: 'lead' }, text),
    callClinic(dog, true),
    h('a', { class: 'button block secondary', href: `/dogs/${dog.id}`, 'data-link': true }, t('Check the legs in the profile')),
    h('a', { class: 'button block secondary', href: '/', 'data-link': true }, t('Back to today'))) };
}

function noDog(existing) {
  const text = existing ? t("Choose which of {name}'s legs are paralysed first.", { name: existing.name })
    : t('Add your dog first: the session follows its paralysed legs.');
  const href = existing ? `/dogs/${existing.id}` : '/dogs/new';
  return { title: t('Session'), node: h('div', {}, h('h1', {}, t('Before the first session')), h('p', {}, text),
    h('a', { class: 'button block', href, 'data-link': true }, existing ? t('Edit the profile') : t('Add your dog'))) };
}

// The clinic's decision (not yet, or no more), with the way back.
function notOffered(title, decision) {
  return { title: t('Session'), node: h('div', {}, h('h1', {}, title), decision,
    h('a', { class: 'button block secondary', href: '/', 'data-link': true }, t('Back to today'))) };
}

// While a session is on screen the tab bar is hidden: the tap target reaches the bottom edge.
onViewRendered(() => {
  document.body.classList.toggle('in-session', location.pathname === '/session');
  if (location.pathname !== '/session') document.body.classList.remove('in-exercise');
});

// Stop, always one tap away, then one tap for the reason. Excessive kicking first ends only the
// action on the leg being worked (the source: "if excessive, discontinue" that action) and the
// session goes on; every other choice ends the whole session, which is saved at once.

// A function, not a table of words: the words are looked up when the sheet is drawn.
const reasons = () => [
  ['excessive_kicking', t('Excessive kicking: end the session')],
  ['pain', t('Signs of pain')],
  ['distress', t('My dog is distressed')],
  ['interrupted', t('Interrupted')],
  ['other', t('Other reason')],
];

function stopSheet(routine, act) {
  const note = h('textarea', { id: 'stop-note', maxlength: 500, rows: 2, 'aria-describedby': 'stop-note-hint' });
  const close = () => document.getElementById('stop-sheet').close();
  const choose = (reason) => act(async () => {
    close();
    await player.stop(reason, reason === 'other' ? note.value : null);
  });
  const kickingHere = act(async () => {
    close();
    await player.stopAction('excessive_kicking');
  });
  return h('dialog', { id: 'stop-sheet', class: 'sheet', 'aria-labelledby': 'stop-title' },
    h('div', { class: 'sheet-head' },
      h('h2', { id: 'stop-title' }, t('Stop?')),
      h('button', { type: 'button', class: 'button secondary', id: 'stop-cancel', onclick: close }, t('Keep going'))),
    h('p', {}, t('Why are you stopping? It goes into the log for your vet.')),
    h('div', { class: 'reason-list' },
      h('button', { type: 'button', class: 'button block', id: 'stop-action-kicking', 'data-reason': 'excessive_kicking',
        'data-scope': 'action', onclick: kickingHere }, t('Excessive kicking: stop this on this leg, go on')),
      reasons().map(([reason, label]) => h('button', { type: 'button', class: 'button block secondary-stop', 'data-reason': reason,
        'data-scope': 'session', onclick: choose(reason) }, label))),
    h('label', { for: 'stop-note' }, t('Other reason (optional)')),
    note,
    h('p', { class: 'hint', id: 'stop-note-hint' }, t('Type it here, then tap "Other reason".')));
}

// During the safety questions, "Cancel" leaves without a session (nothing began).
async function openStopSheet() {
  if (player.active()?.phase === 'gate') {
    await player.close();
    return navigate('/');
  }
  document.getElementById('stop-sheet').showModal();
}
