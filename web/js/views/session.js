// The guided session: one screen whose body follows the player's phase. The whole body is
// redrawn when the phase or the action changes; between those, a ticker only updates the clock.
import { h } from '../dom.js';
import * as player from '../player.js';
import { loadRoutine } from '../api.js';
import { chosenDog, ptStartsLater } from '../dogs.js';
import { todayKey } from '../logs.js';
import { workerStatus } from '../pwa.js';
import { navigate, onViewRendered } from '../router.js';
import { gateScreen, blockedScreen, notYetApproved } from './gate.js';
import { setupScreen, actionScreen, startTicking, refreshCount } from './exercise.js';
import { endScreen } from './finish.js';
import { loadSettings, saveSettings } from '../local-state.js';
import { silence } from '../signals.js';
import '../cues.js';

let routine = null;
let dog = null;

export async function sessionView() {
  routine = await loadRoutine();
  dog = await chosenDog();
  let session = await player.loadActive(routine);
  if (!session) {
    if (!dog) return noDog();
    if (!dog.legs?.length) return noDog(dog);
    const startsOn = ptStartsLater(dog, todayKey());
    if (startsOn) return notYet(dog, startsOn);
    session = await player.begin(dog, routine, workerStatus.build);
  }
  const node = h('div', { class: 'player' },
    h('div', { class: 'player-bar' },
      h('div', { id: 'player-progress', class: 'player-progress' }),
      voiceToggle(),
      h('button', { type: 'button', class: 'button stop', id: 'stop-button', onclick: () => openStopSheet() }, 'Stop')),
    h('div', { id: 'player-body' }),
    h('p', { id: 'spoken-cue', class: 'caption', 'aria-live': 'polite' }),
    stopSheet(routine, act));
  paint(node);
  startTicking(routine, schedulePaint);
  return { title: 'Session', node };
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

// The screen is rebuilt only when its shape changes; a count or a clock changes in place, so the
// tap target never flickers and screen readers are not told the whole screen again per count.
let shownKey = null;
function screenKey(session) {
  if (!session) return 'none';
  const { reps, timer, gate } = session;
  return [session.phase, session.position, gate.index, gate.followUp, timer?.state, timer?.totalMs,
    reps && [reps.done, reps.paced, reps.perCount, reps.count === 0, reps.total === 0, reps.count >= player.currentItem()?.action.dose.max]]
    .flat().join('|');
}

export function paint(root = document) {
  const body = root.querySelector('#player-body');
  if (!body) return; // the owner has gone to another page; the session waits for them
  const session = player.active();
  const key = screenKey(session);
  if (key === shownKey && body.firstChild) return refreshCount(session);
  shownKey = key;
  const ctx = { routine, dog, session, act };
  const screens = { gate: gateScreen, blocked: blockedScreen, setup: setupScreen, action: actionScreen,
    finish: endScreen, stopped: endScreen };
  body.replaceChildren(session ? screens[session.phase](ctx) : endScreen(ctx));
  root.querySelector('#player-progress').replaceChildren(progressText(session));
  const stop = root.querySelector('#stop-button');
  stop.hidden = !session || ['blocked', 'stopped', 'finish'].includes(session.phase);
  stop.textContent = session?.phase === 'gate' ? 'Cancel' : 'Stop';
  // A new screen starts at its top (where it says which leg and step), with the main control focused.
  window.scrollTo(0, 0);
  const focus = body.querySelector('[data-autofocus]') || body.querySelector('h1');
  focus?.focus({ preventScroll: true });
}

function progressText(session) {
  if (!session) return '';
  if (session.phase === 'gate') {
    const { index, total } = player.gateProgress();
    return h('span', {}, `Safety check · ${Math.min(index + 1, total)} of ${total}`);
  }
  if (session.phase !== 'action') return h('span', {}, session.phase === 'setup' ? 'Before you begin' : '');
  const done = session.position;
  const total = player.sequenceLength();
  return h('div', { class: 'progress-wrap' },
    h('span', {}, `${done} of ${total} done`),
    h('progress', { max: total, value: done, 'aria-label': 'Session progress' }));
}

// Spoken cues on or off without leaving the session (the same setting as in Settings).
function voiceToggle() {
  const button = h('button', { type: 'button', class: 'button secondary voice-toggle', id: 'voice-toggle' });
  const show = () => {
    const on = loadSettings().voice;
    button.setAttribute('aria-pressed', String(on));
    button.textContent = on ? 'Voice on' : 'Voice off';
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

function noDog(existing) {
  const text = existing ? `Choose which of ${existing.name}'s legs are paralysed first.` : 'Add your dog first: the session follows its paralysed legs.';
  const href = existing ? `/dogs/${existing.id}` : '/dogs/new';
  return { title: 'Session', node: h('div', {}, h('h1', {}, 'Before the first session'), h('p', {}, text),
    h('a', { class: 'button block', href, 'data-link': true }, existing ? 'Edit the profile' : 'Add your dog')) };
}

function notYet(dog, startsOn) {
  return { title: 'Session', node: h('div', {}, h('h1', {}, 'Not yet'), notYetApproved(dog, startsOn),
    h('a', { class: 'button block secondary', href: '/', 'data-link': true }, 'Back to today')) };
}

// While a session is on screen the tab bar is hidden: the tap target reaches the bottom edge.
onViewRendered(() => document.body.classList.toggle('in-session', location.pathname === '/session'));

// Stop, always one tap away, then one tap for the reason. The session ends there and is saved.

const REASONS = [
  ['excessive_kicking', 'Excessive kicking'],
  ['pain', 'Signs of pain'],
  ['distress', 'My dog is distressed'],
  ['interrupted', 'Interrupted'],
  ['other', 'Other reason'],
];

function stopSheet(routine, act) {
  const note = h('textarea', { id: 'stop-note', maxlength: 500, rows: 2, 'aria-describedby': 'stop-note-hint' });
  const choose = (reason) => act(async () => {
    document.getElementById('stop-sheet').close();
    await player.stop(reason, reason === 'other' ? note.value : null);
  });
  return h('dialog', { id: 'stop-sheet', class: 'sheet', 'aria-labelledby': 'stop-title' },
    h('h2', { id: 'stop-title' }, 'Stop the session?'),
    h('p', {}, 'Why are you stopping? It goes into the log for your vet.'),
    h('div', { class: 'reason-list' },
      REASONS.map(([reason, label]) => h('button', { type: 'button', class: 'button block', 'data-reason': reason, onclick: choose(reason) }, label))),
    h('label', { for: 'stop-note' }, 'Other reason (optional)'),
    note,
    h('p', { class: 'hint', id: 'stop-note-hint' }, 'Type it here, then tap "Other reason".'),
    h('button', { type: 'button', class: 'button secondary block', id: 'stop-cancel',
      onclick: () => document.getElementById('stop-sheet').close() }, 'Keep going'));
}

// During the safety questions, "Cancel" leaves without a session (nothing began).
async function openStopSheet() {
  if (player.active()?.phase === 'gate') {
    await player.close();
    return navigate('/');
  }
  document.getElementById('stop-sheet').showModal();
}
