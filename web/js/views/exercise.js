// Set-up, then one screen per action: what to do, its dose, and either a timer (3-2-1, ring,
// pause, +30 s, finish early) or a counter (counter.js) whose tap zone fills the lower part;
// between two legs, a full-screen card.
import { h } from '../dom.js';
import * as player from '../player.js';
import { formatClock, getReadyLeft, remainingMs } from '../timer.js';
import { primeVoice, say, primeAudio, keepScreenOn, wakeLockSupported } from '../signals.js';
import { loadSettings } from '../local-state.js';
import { legLabel, legChangeText, uncoveredLegs } from '../flow.js';
import { actionCue } from '../cues.js';
import { counterPanel } from './counter.js';
import { actionDrawing } from '../drawings.js';
import { noVoiceNotice } from './no-voice.js';
import { t, plural, formatList } from '../i18n.js';

const RING = 2 * Math.PI * 54; // circumference of the timer ring (r = 54)

export function setupScreen({ routine, dog, session, act }) {
  // "Right back leg, then Left back leg": in the order they are done, so not formatList's "and".
  const labels = session.legs.map((leg) => legLabel(routine, leg));
  const legs = labels.slice(1).reduce((before, after) => t('{before}, then {after}', { before, after }), labels[0] ?? '');
  const left = uncoveredLegs(routine, dog?.legs);
  const begin = act(async () => {
    primeVoice(); // iOS lets speech and sound start only inside a tap: this is the tap
    primeAudio();
    if (loadSettings().keepAwake) await keepScreenOn();
    await player.startExercises();
  });
  return h('section', { class: 'setup' },
    h('h1', { tabindex: -1 }, routine.setup.title),
    h('p', { class: 'lead' }, routine.setup.position),
    h('p', {}, routine.setup.surface),
    h('section', { class: 'card' }, h('h2', {}, routine.why_gentle.title), h('p', {}, routine.why_gentle.text)),
    h('p', {}, plural(player.sequenceLength(), 'Today: {legs}. {n} action in all.', 'Today: {legs}. {n} actions in all.', { legs })),
    left.length ? h('p', { class: 'warning', id: 'legs-left-out' }, t('{legs}: no exercises here. {text}',
      { legs: formatList(left.map((leg) => legLabel(routine, leg))), text: routine.legs_not_covered.text })) : null,
    session.extra ? h('p', { class: 'hint', id: 'extra-note' }, t("An extra session, beyond today's target: it is saved as extra.")) : null,
    wakeLockSupported() ? null : h('p', { class: 'hint', id: 'keep-open-hint' },
      t('Keep this screen open during the session: your phone may not let the app keep it on.')),
    noVoiceNotice(),
    h('button', { type: 'button', class: 'button block huge', id: 'begin', 'data-autofocus': true, onclick: begin }, t('Begin')));
}

// One screen per action, laid out to fit a small phone without scrolling: what and how much at
// the top, the full instructions one tap away (the voice reads the cue), the one control that
// matters next at the bottom, under the thumb.
export function actionScreen(ctx) {
  const { routine } = ctx;
  const item = player.currentItem();
  const { step, action } = item;
  const where = item.leg ? legLabel(routine, item.leg) : t('Both sides');
  const stepText = t('Step {number} of {total}: {title}', { number: step.number, total: routine.steps.length, title: step.title });
  return h('section', { class: 'action', 'data-action': action.id, 'data-leg': item.leg ?? '' },
    h('div', { class: 'action-head' },
      h('p', { class: 'eyebrow' }, h('span', { class: 'leg-name' }, where), ` · ${stepText}`),
      h('h1', { tabindex: -1 }, action.title),
      h('div', { class: 'dose-line' },
        h('p', {}, h('span', { class: 'dose' }, action.dose.label), action.optional ? ` · ${t('optional')}` : ''),
        h('button', { type: 'button', class: 'link-button', id: 'how-toggle', 'aria-expanded': 'false', 'aria-controls': 'how-to',
          onclick: toggleInstructions }, t('How to do it'))),
      h('div', { class: 'instructions-box', id: 'how-to', hidden: true },
        h('ul', { class: 'instructions' }, action.instructions.map((line) => h('li', {}, line)))),
      ...action.warnings.map((id) => warningBox(routine.warnings[id], ctx))),
    // How it looks, above the count or the timer; at the paced count's tempo when it counts.
    action.drawing && h('div', { class: 'action-drawing' }, actionDrawing(action, item.leg, { periodMs: pacedPeriod(ctx.session) })),
    h('div', { class: 'action-controls' },
      action.dose.type === 'duration' ? timerPanel(ctx, action) : counterPanel(ctx, action),
      nextRow(ctx, action)));
}

function pacedPeriod(session) {
  return session?.reps?.paced ? loadSettings().pacedSecondsPerRep * 1000 : null;
}

// The full instructions, one tap away, and read aloud when opened: eyes stay on the dog.
function toggleInstructions(event) {
  const button = event.currentTarget;
  const open = button.getAttribute('aria-expanded') !== 'true';
  button.setAttribute('aria-expanded', String(open));
  button.textContent = open ? t('Hide') : t('How to do it');
  document.getElementById('how-to').hidden = !open;
  if (open) say(player.currentItem().action.instructions.join(' '));
}

// A warning with a stop (excessive kicking) ends this action on this leg only, in one tap.
function warningBox(warning, { act }) {
  return h('div', { class: 'warning action-warning' },
    h('p', {}, warning.text),
    warning.stop_reason ? h('button', { type: 'button', class: 'button stop', 'data-stop-reason': warning.stop_reason,
      id: `stop-action-${warning.stop_reason}`,
      onclick: act(() => player.stopAction(warning.stop_reason)) }, warning.stop_label) : null);
}

// Between legs, and before the hip and toes: a card that cannot be missed, spoken too.
export function legChangeScreen({ routine, act }) {
  const item = player.currentItem();
  const previous = player.previousItem();
  const block = routine.flow.find((b) => b.id === item.block);
  const sameLeg = previous && previous.leg === item.leg;
  return h('section', { class: 'leg-change', 'data-leg': item.leg ?? '' },
    h('p', { class: 'eyebrow' }, sameLeg ? t('Same leg, next part') : t('Change of leg')),
    h('h1', { tabindex: -1, id: 'leg-change-title' }, legChangeText(routine, item, previous)),
    h('p', { class: 'lead' }, whereNext(routine, item.leg, sameLeg)),
    block?.intro && previous?.block !== item.block ? h('p', {}, block.intro) : null,
    h('p', { class: 'hint' }, t('Next: step {number}, {title}.', { number: item.step.number, title: item.step.title.toLowerCase() })),
    h('button', { type: 'button', class: 'button block huge primary-control', id: 'leg-ready', 'data-autofocus': true,
      onclick: act(() => player.continueAfterLegChange()) }, t('Ready')));
}

// "Stay on the right back leg." or "Move to the left back leg. ...": a block done once a session
// has no leg, and is on both sides.
function whereNext(routine, legId, sameLeg) {
  if (!legId) return sameLeg ? t('Stay on both sides.') : t('Move to both sides. Gently, with the lightest touch.');
  const leg = legLabel(routine, legId).toLowerCase();
  return sameLeg ? t('Stay on the {leg}.', { leg }) : t('Move to the {leg}. Gently, with the lightest touch.', { leg });
}

function timerPanel({ session, act }, action) {
  const timer = session.timer;
  const idle = timer.state === 'idle';
  const paused = timer.state === 'paused';
  const done = timer.state === 'done';
  return h('div', { class: 'timer-panel' },
    h('div', { class: 'ring-wrap' },
      ringSvg(1 - remainingMs(timer, Date.now()) / timer.totalMs),
      h('p', { class: 'clock', id: 'timer-clock', role: 'timer', 'aria-live': 'off' }, formatClock(remainingMs(timer, Date.now()))),
      h('p', { class: 'get-ready', id: 'get-ready', 'aria-live': 'assertive' })),
    done ? null : h('div', { class: 'control-row timer-row' },
      idle ? null : h('button', { type: 'button', class: 'button secondary', id: 'timer-finish', onclick: act(() => player.finishEarly()) },
        action.dose.up_to ? t('Done early') : t('Finish now')),
      player.canAddTime() ? h('button', { type: 'button', class: 'button secondary', id: 'timer-add', onclick: act(() => player.addThirtySeconds()) }, t('+30 s')) : null),
    done ? null : (idle || paused
      ? h('button', { type: 'button', class: 'button huge block primary-control', id: 'timer-start', 'data-autofocus': true,
        onclick: act(() => player.startTimer()) }, idle ? t('Start timer') : t('Resume'))
      : h('button', { type: 'button', class: 'button huge block secondary primary-control', id: 'timer-pause',
        onclick: act(() => player.pauseTimer()) }, t('Pause'))));
}
function ringSvg(fractionDone) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 120 120');
  svg.setAttribute('class', 'ring');
  svg.setAttribute('aria-hidden', 'true');
  for (const [cls, id] of [['ring-track', null], ['ring-fill', 'timer-ring']]) {
    const circle = document.createElementNS(ns, 'circle');
    Object.entries({ cx: 60, cy: 60, r: 54, class: cls, 'stroke-dasharray': RING.toFixed(1) }).forEach(([k, v]) => circle.setAttribute(k, v));
    if (id) {
      circle.id = id;
      circle.setAttribute('stroke-dashoffset', (RING * fractionDone).toFixed(1));
    }
    svg.append(circle);
  }
  return svg;
}

function nextRow({ act }, action) {
  const done = player.actionDone();
  return h('div', { class: 'next-row' },
    done ? h('button', { type: 'button', class: 'button huge block primary-control', id: 'next', 'data-autofocus': true,
      onclick: act(() => player.next()) }, t('Next')) : null,
    h('div', { class: 'link-row' },
      done ? null : h('button', { type: 'button', class: 'link-button', id: 'skip', onclick: act(() => player.skipAction()) },
        action.optional ? t('Skip (optional)') : t('Skip this')),
      h('button', { type: 'button', class: 'link-button', id: 'repeat-cue', onclick: () => say(actionCue(player.currentItem(), { again: true })) },
        t('Say it again'))));
}

// Space or Enter anywhere counts a repetition (except on another control, which has its own job).
document.addEventListener('keydown', (event) => {
  if (event.key !== ' ' && event.key !== 'Enter') return;
  const zone = document.getElementById('tap-zone');
  if (!zone || zone.disabled || document.querySelector('dialog[open]')) return;
  if (event.target !== document.body && event.target !== zone && event.target.closest('button, a, input, textarea, select, summary')) return;
  event.preventDefault();
  zone.click();
});

// The clock: read the absolute end time on every tick, and at once when the page comes back.
let ticking = null;
export function startTicking(routine, repaint) {
  const update = async () => {
    const session = player.active();
    if (!session?.timer || session.phase !== 'action') return;
    const before = session.timer.state;
    await player.tick(Date.now());
    if (player.active()?.timer?.state !== before) return repaint();
    drawClock(player.active().timer);
  };
  if (!ticking) {
    ticking = setInterval(update, 250);
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && update());
    window.addEventListener('pageshow', update);
  }
  update();
}

function drawClock(timer) {
  const clock = document.getElementById('timer-clock');
  if (!clock) return;
  const now = Date.now();
  const left = remainingMs(timer, now);
  clock.textContent = formatClock(left);
  document.getElementById('timer-ring')?.setAttribute('stroke-dashoffset', (RING * (1 - left / timer.totalMs)).toFixed(1));
  const ready = getReadyLeft(timer, now);
  const label = document.getElementById('get-ready');
  if (label && label.textContent !== (ready ? String(ready) : '')) label.textContent = ready ? String(ready) : '';
}

