// Today: the chosen dog, its day of crate rest, today's sessions against the target, and the one
// big button: start a session, or resume the one in progress.
import { h, card } from '../dom.js';
import { loadRoutine } from '../api.js';
import { listDogs, chosenDog, crateRestDay, setByClinic, ptStartsLater } from '../dogs.js';
import { logsFor, doneOn, todayKey } from '../logs.js';
import { get } from '../db.js';
import { legLabel } from '../flow.js';
import { installCard, onInstallStateChange } from '../install.js';
import { onViewRendered, navigate } from '../router.js';
import { onPrescriptionChange } from '../sync.js';
import * as dogViews from './dogs.js';
import { clinicCard } from './sync-status.js';
import { notYetApproved } from './gate.js';

export async function home() {
  const [routine, dogs, dog, running] = await Promise.all([loadRoutine(), listDogs(), chosenDog(), get('state', 'activeSession')]);
  if (!dog) return { title: 'Today', node: h('div', {}, h('h1', {}, 'Welcome'), welcome(routine), h('div', { id: 'install-slot' })) };
  const done = doneOn(await logsFor(dog.id), todayKey()).length;
  const rest = crateRestDay(dog);
  const startsOn = running ? null : ptStartsLater(dog, todayKey());
  return {
    title: 'Today',
    node: h('div', {},
      h('h1', {}, `Today with ${dog.name}`),
      dogViews.dogSwitcher?.(dogs, dog) ?? null,
      card(
        h('h2', {}, 'Sessions today'),
        h('p', { class: 'big-number', id: 'today-count' }, `${done} of ${dog.sessionsPerDay}`),
        h('p', { class: 'muted' }, setByClinic(dog, 'sessionsPerDay') ? 'Target set by your clinic.' : 'Your target for each day. Your clinic can change it.'),
        rest ? h('p', { id: 'crate-rest-day' }, `Day ${rest.day} of ${rest.of} of strict crate rest`)
          : h('p', { id: 'crate-rest-day' }, h('a', { href: `/dogs/${dog.id}`, 'data-link': true }, 'Add the day crate rest started')),
        h('p', { class: 'muted' }, `Legs: ${dog.legs.map((leg) => legLabel(routine, leg)).join(', ')}`),
        startsOn ? notYetApproved(dog, startsOn)
          : [startButton(running), h('p', { class: 'hint' }, 'Every session starts with a short safety check.')]),
      h('div', { id: 'install-slot' }),
      await clinicCard(dog),
      h('p', {}, h('a', { href: '/routine', 'data-link': true }, 'Read the whole routine'), ' · ',
        h('a', { href: '/dogs', 'data-link': true }, 'Your dogs')),
    ),
  };
}

// The clinic changed the prescription while today's page was open: show the new one.
onPrescriptionChange(() => { if (location.pathname === '/') navigate('/', { replace: true }); });

function startButton(running) {
  return running
    ? h('a', { class: 'button block huge', href: '/session', 'data-link': true, id: 'resume-session' }, resumeLabel(running))
    : h('a', { class: 'button block huge', href: '/session', 'data-link': true, id: 'start-session' }, 'Start a session');
}

function resumeLabel(running) {
  if (running.phase === 'finish' || running.phase === 'stopped') return 'Finish saving the last session';
  if (running.phase === 'blocked') return 'See the safety check result';
  return 'Resume the session';
}

function welcome(routine) {
  return card(
    h('p', { class: 'lead' }, routine.summary),
    h('p', {}, 'To begin, tell the app about your dog: which legs are paralysed, and when crate rest began.'),
    h('a', { class: 'button block huge', href: '/dogs/new', 'data-link': true, id: 'add-dog' }, 'Add your dog'),
    h('p', { class: 'hint' }, h('a', { href: '/routine', 'data-link': true }, 'Read the routine first')));
}

// The install card comes and goes with the browser's prompt; redraw just its slot.
function drawInstallSlot() {
  const slot = document.getElementById('install-slot');
  if (slot) slot.replaceChildren(...[installCard()].filter(Boolean));
}
onViewRendered(drawInstallSlot);
onInstallStateChange(drawInstallSlot);
