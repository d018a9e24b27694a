// Bladder care: home's "Bladder" card (last emptied, next by, overdue), and the "Emptied now"
// screen that records how and what came. Results that need the vet, and an overdue bladder,
// show the clinic's number at once.
import { h } from '../dom.js';
import { navigate } from '../router.js';
import { loadRoutine } from '../api.js';
import { chosenDog, dogFromLink } from '../dogs.js';
import { careFor, saveEmptied, bladderState, resultsFor, resultOf, clockTime } from '../bladder.js';
import { callClinic } from './gate.js';
import { choice } from './finish.js';
import { t } from '../i18n.js';

export async function bladderCard(routine, dog, now = new Date()) {
  const care = routine.bladder;
  const state = bladderState(dog, await careFor(dog.id), now);
  const lastResult = state.last && resultOf(care, state.last.result);
  return h('section', { class: 'card bladder-card', id: 'bladder-card', 'aria-labelledby': 'bladder-title' },
    h('h2', { id: 'bladder-title' }, care.title),
    h('p', { id: 'bladder-status', class: state.overdue ? 'status-line overdue' : 'status-line' }, statusText(state, now)),
    state.overdue && h('div', { class: 'warning', id: 'bladder-overdue', role: 'alert' },
      h('p', {}, h('strong', {}, t('Overdue since {time}.', { time: clockTime(state.nextBy, now) })), ' ', care.overdue),
      callClinic(dog, false)),
    !state.overdue && lastResult?.calls_clinic && h('div', { class: 'warning', id: 'bladder-last-call' },
      h('p', {}, h('strong', {}, t('Last time: {result}.', { result: lastResult.label.toLowerCase() })), ' ', care.call_title, '.'),
      callClinic(dog, false)),
    !dog.bladderIntervalHours && h('p', { class: 'hint', id: 'bladder-interval-missing' }, care.interval_missing, ' ',
      h('a', { href: `/dogs/${dog.id}`, 'data-link': true }, t('Add it to the profile'))),
    h('a', { class: 'button block', href: '/bladder', 'data-link': true, id: 'bladder-emptied' }, t('Emptied now')));
}

// While home is open the card follows the clock: "overdue" appears when its time comes.
setInterval(async () => {
  const card = document.getElementById('bladder-card');
  if (!card) return;
  const [routine, dog] = await Promise.all([loadRoutine(), chosenDog()]);
  const fresh = dog && await bladderCard(routine, dog);
  // Only when something changed: a redraw would take the focus from whoever is in the card.
  if (fresh && card.isConnected && fresh.textContent !== card.textContent) card.replaceWith(fresh);
}, 30_000);

function statusText({ last, nextBy }, now) {
  if (!last) return t('No emptying recorded yet.');
  const time = clockTime(new Date(last.at), now);
  return nextBy ? t('Emptied at {time} · next by {next}', { time, next: clockTime(nextBy, now) }) : t('Emptied at {time}', { time });
}

// "Emptied now": the time is the tap's; how (the profile's way preselected) and what came.
export async function bladderView() {
  const [routine, dog] = await Promise.all([loadRoutine(), dogFromLink()]); // a bladder reminder names its dog
  if (!dog) return { title: t('Bladder'), node: h('div', {}, h('h1', {}, t('Add your dog first')),
    h('p', {}, h('a', { href: '/dogs/new', 'data-link': true }, t('Add your dog')))) };
  const care = routine.bladder;
  const at = new Date();
  const page = h('div', { class: 'bladder' });
  const methods = radioGroup('bladder-method', t('How?'), care.methods, dog.bladderMethod);
  // What came depends on how: the choices are drawn again when "how" changes, keeping the answer.
  const resultsSlot = h('div', { class: 'bladder-results' });
  let results;
  const drawResults = () => {
    results = radioGroup('bladder-result', t('What came?'), resultsFor(care, methods.value() || 'own'), results?.value());
    resultsSlot.replaceChildren(results.node);
  };
  methods.node.addEventListener('change', drawResults);
  drawResults();
  const problem = h('p', { class: 'field-error', id: 'bladder-problem', role: 'alert', hidden: true });

  async function onSubmit(event) {
    event.preventDefault();
    const method = methods.value();
    const result = results.value();
    problem.textContent = !method ? t('Choose how the bladder was emptied.') : !result ? t('Choose what came.') : '';
    problem.hidden = !problem.textContent;
    if (problem.textContent) return;
    event.submitter?.setAttribute('disabled', '');
    await saveEmptied(dog, { at, method, result, contentVersion: routine.version, contentLocale: routine.locale });
    if (resultOf(care, result)?.calls_clinic) page.replaceChildren(...callScreen(care, dog, resultOf(care, result)));
    else navigate('/');
  }

  page.append(
    h('h1', {}, t("{name}'s bladder", { name: dog.name })),
    h('p', { class: 'lead', id: 'bladder-time' }, t('Emptied at {time}', { time: clockTime(at) })),
    h('form', { class: 'card', novalidate: true, onsubmit: onSubmit },
      methods.node, resultsSlot, problem,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button block huge', id: 'bladder-save' }, t('Save')),
        h('a', { class: 'button secondary block', href: '/', 'data-link': true }, t('Cancel')))),
    h('p', { class: 'hint' }, care.why));
  return { title: t('Bladder'), node: page };
}

function callScreen(care, dog, result) {
  const heading = h('h1', { tabindex: '-1', id: 'bladder-call-title' }, care.call_title);
  queueMicrotask(() => heading.focus());
  return [
    heading,
    h('section', { class: 'warning', id: 'bladder-call' },
      h('p', {}, h('strong', {}, `${result.label}.`), ' ', care.call_text),
      callClinic(dog)),
    h('p', {}, t('Saved on this phone.')),
    h('a', { class: 'button secondary block', href: '/', 'data-link': true, id: 'back-today' }, t('Back to today')),
  ];
}

// A group of radio choices from content ({id, label}); `value()` is the chosen id or ''.
function radioGroup(name, legend, choices, chosen) {
  const node = choice(name, legend, choices.map((c) => [c.id, c.label]), chosen);
  return { node, value: () => node.querySelector('input:checked')?.value ?? '' };
}
