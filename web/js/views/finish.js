// The end of a session: how it went (observations), then saved. A stopped session shows the
// content's advice first; its log is saved with the observations the owner gives, or none.
import { h } from '../dom.js';
import * as player from '../player.js';
import { legLabel } from '../flow.js';
import { clipText } from '../logs.js';
import { navigate } from '../router.js';
import { callClinic } from './gate.js';
import { t } from '../i18n.js';

// The answers' words, looked up when the screen is drawn (in the app's language).
const kicking = () => [['none', t('None')], ['a_little', t('A little')], ['excessive', t('Excessive')]];
const urinated = () => [['yes', t('Yes, on its own')], ['no', t('No')], ['expressed', t('Expressed by hand')]];
// Why an action stopped, as it fits "stopped (…)".
const reasonWords = (reason) => ({
  excessive_kicking: () => t('excessive kicking'), pain: () => t('signs of pain'),
  distress: () => t('your dog was distressed'), interrupted: () => t('an interruption'), other: () => t('another reason'),
}[reason]?.() ?? reason);
// Why the session stopped, each a whole sentence (the words around the reason differ by language).
const stoppedBecause = (reason) => ({
  excessive_kicking: () => t('You stopped because of excessive kicking. That was the right thing to do.'),
  pain: () => t('You stopped because of signs of pain. That was the right thing to do.'),
  distress: () => t('You stopped because your dog was distressed. That was the right thing to do.'),
  interrupted: () => t('You stopped because of an interruption. That was the right thing to do.'),
  other: () => t('You stopped for another reason. That was the right thing to do.'),
}[reason]?.());
const characters = (count) => t('{count} of 1000 characters', { count });

export function endScreen({ routine, dog, session, act }) {
  if (!session) return savedScreen();
  const stopped = session.phase === 'stopped';
  const form = h('form', { class: 'observations', id: 'observations', novalidate: true });
  form.append(
    // Each leg starts from what was recorded on it during the session (a kicking stop), no other.
    ...session.legs.map((leg) => choice(`kicking-${leg}`, t('Kicking, {leg}', { leg: legLabel(routine, leg).toLowerCase() }),
      kicking(), session.kicking?.[leg] ?? null)),
    choice('pain', t('Any signs of pain?'), [['yes', t('Yes')], ['no', t('No')]], stopped && session.stopReason === 'pain' ? 'yes' : null),
    choice('urinated', t('Has your dog passed urine since the last session?'), urinated()),
    h('p', { class: 'hint', id: 'urine-hint', hidden: true }, routine.red_flags.find((f) => f.id === 'cannot-urinate')?.blocked_message ?? ''),
    h('label', { for: 'note' }, t('Anything else for your vet? (optional)')),
    h('textarea', { id: 'note', name: 'note', maxlength: 1000, rows: 4, 'aria-describedby': 'note-count' }),
    h('p', { class: 'hint', id: 'note-count' }, characters(0)),
    h('button', { type: 'submit', class: 'button block huge', id: 'save-session' }, t('Save session')));
  form.addEventListener('input', () => {
    document.getElementById('note-count').textContent = characters(form.note.value.length);
    document.getElementById('urine-hint').hidden = form.urinated.value !== 'no';
  });
  form.addEventListener('submit', act(async (event) => {
    event.preventDefault();
    await player.save(observations(form, session.legs));
  }));
  const rest = routine.general_warnings.find((w) => w.id === 'strict-rest-continues');
  return h('section', { class: stopped ? 'ended stopped' : 'ended' },
    h('h1', { tabindex: -1 }, stopped ? t('Session stopped') : t('All done')),
    stopped ? stoppedAdvice(routine, dog, session) : h('p', { class: 'lead' }, t('Well done, both of you. A few quick answers for your vet:')),
    actionStops(routine, session),
    rest ? h('p', { class: 'card rest-reminder', id: 'rest-reminder' }, h('strong', {}, t('Back to strict crate rest.')), ' ', rest.text) : null,
    form);
}

// Actions ended early on one leg (excessive kicking), in plain words, before the questions.
function actionStops(routine, session) {
  const stops = session.records.filter((r) => r.status === 'stopped');
  if (!stops.length) return null;
  const titles = new Map(routine.steps.flatMap((step) => step.actions.map((a) => [a.id, a.title])));
  return h('ul', { class: 'action-stops', id: 'action-stops' }, stops.map((r) => h('li', {},
    t('{action}, {leg}: stopped ({reason}).', {
      action: titles.get(r.action_id) ?? r.action_id, leg: legLabel(routine, r.leg).toLowerCase(), reason: reasonWords(r.stop_reason),
    }))));
}

function stoppedAdvice(routine, dog, session) {
  const advice = [h('p', { class: 'lead' }, stoppedBecause(session.stopReason))];
  if (session.stopReason === 'excessive_kicking') advice.push(h('p', { class: 'warning' }, routine.warnings.kicking.text));
  const worried = routine.general_warnings.find((w) => w.id === 'stop-if-worried');
  if (worried && session.stopReason !== 'interrupted') advice.push(h('p', {}, worried.text), callClinic(dog, false));
  advice.push(h('p', { class: 'hint' }, t('Add what you saw, then save: the session goes into the log as stopped.')));
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
  const outcome = lastSaved?.outcome === 'stopped'
    ? t('The stopped session is saved. You can see it in the history.')
    : t('The session is saved. You can see it in the history.');
  return h('section', { class: 'saved' },
    h('h1', { tabindex: -1 }, lastSaved ? t('Saved') : t('No session running')),
    h('p', { class: 'lead' }, lastSaved ? outcome : t('Start one from today\'s page.')),
    h('button', { type: 'button', class: 'button block huge', id: 'back-today', 'data-autofocus': true, onclick: () => navigate('/') }, t('Back to today')),
    h('a', { class: 'button secondary block', href: '/history', 'data-link': true }, t('See the history')));
}
