// The end of a session: how it went (observations), then saved. A stopped session shows the
// content's advice first; its log is saved with the observations the owner gives, or none.
import { h } from '../dom.js';
import * as player from '../player.js';
import { legLabel } from '../flow.js';
import { clipText } from '../logs.js';
import { navigate } from '../router.js';
import { callClinic } from './gate.js';

const KICKING = [['none', 'None'], ['a_little', 'A little'], ['excessive', 'Excessive']];
const URINATED = [['yes', 'Yes, on its own'], ['no', 'No'], ['expressed', 'Expressed by hand']];
const REASON_WORDS = {
  excessive_kicking: 'excessive kicking', pain: 'signs of pain', distress: 'your dog was distressed',
  interrupted: 'an interruption', other: 'another reason',
};

export function endScreen({ routine, dog, session, act }) {
  if (!session) return savedScreen();
  const stopped = session.phase === 'stopped';
  const form = h('form', { class: 'observations', id: 'observations', novalidate: true });
  form.append(
    // Each leg starts from what was recorded on it during the session (a kicking stop), no other.
    ...session.legs.map((leg) => choice(`kicking-${leg}`, `Kicking, ${legLabel(routine, leg).toLowerCase()}`, KICKING,
      session.kicking?.[leg] ?? null)),
    choice('pain', 'Any signs of pain?', [['yes', 'Yes'], ['no', 'No']], stopped && session.stopReason === 'pain' ? 'yes' : null),
    choice('urinated', 'Has your dog passed urine since the last session?', URINATED),
    h('p', { class: 'hint', id: 'urine-hint', hidden: true }, routine.red_flags.find((f) => f.id === 'cannot-urinate')?.blocked_message ?? ''),
    h('label', { for: 'note' }, 'Anything else for your vet? (optional)'),
    h('textarea', { id: 'note', name: 'note', maxlength: 1000, rows: 4, 'aria-describedby': 'note-count' }),
    h('p', { class: 'hint', id: 'note-count' }, '0 of 1000 characters'),
    h('button', { type: 'submit', class: 'button block huge', id: 'save-session' }, 'Save session'));
  form.addEventListener('input', () => {
    document.getElementById('note-count').textContent = `${form.note.value.length} of 1000 characters`;
    document.getElementById('urine-hint').hidden = form.urinated.value !== 'no';
  });
  form.addEventListener('submit', act(async (event) => {
    event.preventDefault();
    await player.save(observations(form, session.legs));
  }));
  const rest = routine.general_warnings.find((w) => w.id === 'strict-rest-continues');
  return h('section', { class: stopped ? 'ended stopped' : 'ended' },
    h('h1', { tabindex: -1 }, stopped ? 'Session stopped' : 'All done'),
    stopped ? stoppedAdvice(routine, dog, session) : h('p', { class: 'lead' }, 'Well done, both of you. A few quick answers for your vet:'),
    actionStops(routine, session),
    rest ? h('p', { class: 'card rest-reminder', id: 'rest-reminder' }, h('strong', {}, 'Back to strict crate rest. '), rest.text) : null,
    form);
}

// Actions ended early on one leg (excessive kicking), in plain words, before the questions.
function actionStops(routine, session) {
  const stops = session.records.filter((r) => r.status === 'stopped');
  if (!stops.length) return null;
  const titles = new Map(routine.steps.flatMap((step) => step.actions.map((a) => [a.id, a.title])));
  return h('ul', { class: 'action-stops', id: 'action-stops' }, stops.map((r) => h('li', {},
    `${titles.get(r.action_id) ?? r.action_id}, ${legLabel(routine, r.leg).toLowerCase()}: stopped (${REASON_WORDS[r.stop_reason] ?? r.stop_reason}).`)));
}

function stoppedAdvice(routine, dog, session) {
  const advice = [h('p', { class: 'lead' }, `You stopped because of ${REASON_WORDS[session.stopReason]}. That was the right thing to do.`)];
  if (session.stopReason === 'excessive_kicking') advice.push(h('p', { class: 'warning' }, routine.warnings.kicking.text));
  const worried = routine.general_warnings.find((w) => w.id === 'stop-if-worried');
  if (worried && session.stopReason !== 'interrupted') advice.push(h('p', {}, worried.text), callClinic(dog, false));
  advice.push(h('p', { class: 'hint' }, 'Add what you saw, then save: the session goes into the log as stopped.'));
  return h('div', {}, ...advice);
}

// A group of big radio choices: options are [value, label] pairs (also the bladder screen's).
export function choice(name, legend, options, preset = null) {
  return h('fieldset', { class: 'choice' },
    h('legend', {}, legend),
    h('div', { class: 'choice-row' }, options.map(([value, label]) => h('label', { class: 'choice-option' },
      h('input', { type: 'radio', name, value, checked: value === preset }), h('span', {}, label)))));
}

function observations(form, legs) {
  const value = (name) => form.querySelector(`input[name="${name}"]:checked`)?.value ?? null;
  const kicking = Object.fromEntries(legs.map((leg) => [leg, value(`kicking-${leg}`)]).filter(([, v]) => v));
  const pain = value('pain');
  return { kicking, pain_signs: pain === null ? null : pain === 'yes', urinated: value('urinated'), note: clipText(form.note.value, 1000) };
}

function savedScreen() {
  const lastSaved = player.lastSavedLog();
  const outcome = lastSaved?.outcome === 'stopped' ? 'The stopped session is saved.' : 'The session is saved.';
  return h('section', { class: 'saved' },
    h('h1', { tabindex: -1 }, lastSaved ? 'Saved' : 'No session running'),
    h('p', { class: 'lead' }, lastSaved ? `${outcome} You can see it in the history.` : 'Start one from today\'s page.'),
    h('button', { type: 'button', class: 'button block huge', id: 'back-today', 'data-autofocus': true, onclick: () => navigate('/') }, 'Back to today'),
    h('a', { class: 'button secondary block', href: '/history', 'data-link': true }, 'See the history'));
}
