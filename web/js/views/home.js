// Today: the chosen dog, its day of crate rest, today's completed sessions against the target
// (a most, not a score), and the one big button: start a session, or resume the one in progress.
// Once the target is met, only a small link offers an extra session; a dog whose ticked legs get
// no exercises from this routine gets no button at all, only what to ask the clinic.
import { h, card } from '../dom.js';
import { loadRoutine } from '../api.js';
import { listDogs, chosenDog, crateRestDay, setByClinic, ptStartsLater, planClosedOn } from '../dogs.js';
import { logsFor, todayKey, daySessions, countedOf, targetMet } from '../logs.js';
import { nextSession, nextSessionInWords } from '../schedule.js';
import { get } from '../db.js';
import { legLabel } from '../flow.js';
import { installCard, onInstallStateChange } from '../install.js';
import { onViewRendered, navigate } from '../router.js';
import { onPrescriptionChange } from '../sync.js';
import * as dogViews from './dogs.js';
import { clinicCard } from './sync-status.js';
import { bladderCard } from './bladder.js';
import { t, plural, formatList, currentLanguage } from '../i18n.js';
import { notYetApproved, planClosed, callClinic } from './gate.js';

export async function home() {
  const [routine, dogs, dog, running] = await Promise.all([loadRoutine(), listDogs(), chosenDog(), get('state', 'activeSession')]);
  if (!dog) return { title: t('Today'), node: h('div', {}, h('h1', {}, t('Welcome')), welcome(routine), h('div', { id: 'install-slot' })) };
  const today = daySessions(await logsFor(dog.id), todayKey());
  const noExercises = dogViews.onlyUncovered(routine, dog.legs);
  return {
    title: t('Today'),
    node: h('div', {},
      h('h1', {}, t('Today with {name}', { name: dog.name })),
      dogViews.dogSwitcher(dogs, dog),
      card(
        h('h2', {}, t('Sessions today')),
        !noExercises && countLines(dog, today),
        !noExercises && !running && nextSessionLine(dog, today),
        crateRestLine(dog),
        // A 'unit' list: commas only in English ("Left back leg, Right back leg"), as each language lists.
        h('p', { class: 'muted' }, t('Legs: {legs}', { legs: formatList(dog.legs.map((leg) => legLabel(routine, leg)), 'unit') })),
        !noExercises && dogViews.uncoveredLine(routine, dog.legs, { id: 'uncovered-legs' }),
        whatToDo(routine, dog, today, running, noExercises)),
      await bladderCard(routine, dog),
      h('div', { id: 'install-slot' }),
      await clinicCard(dog),
      h('p', {}, h('a', { href: '/routine', 'data-link': true }, t('Read the whole routine')), ' · ',
        h('a', { href: '/dogs', 'data-link': true }, t('Your dogs'))),
    ),
  };
}

// The clinic changed the prescription while today's page was open: show the new one.
onPrescriptionChange(() => { if (location.pathname === '/') navigate('/', { replace: true }); });

// "1 of 2", and what did not count.
function countLines(dog, today) {
  const stopped = today.stopped.length;
  return [
    h('p', { class: 'big-number', id: 'today-count' }, t('{done} of {target}', { done: countedOf(today), target: dog.sessionsPerDay })),
    today.extra > 0 && h('p', { id: 'today-extra' }, plural(today.extra, '+ {n} extra', '+ {n} extra')),
    stopped > 0 && h('p', { id: 'today-stopped' }, plural(stopped, '{n} stopped, not counted', '{n} stopped, not counted')),
    h('p', { class: 'muted' }, setByClinic(dog, 'sessionsPerDay') ? t('Target set by your clinic.') : t('Your target for each day. Your clinic can change it.')),
  ];
}

// Said where the start button was, so the owner sees why it is gone: the target is a most.
function targetMetNote(routine, target) {
  return h('div', { class: 'target-met', id: 'target-met' },
    h('p', { class: 'target-met-title' }, plural(target, "Today's session is done", "Today's {n} sessions are done")),
    h('p', {}, routine.sessions_per_day.ceiling_note || t('That is the most for today: more is not better for a healing disc.')));
}

// "Next session at 14:00", from the dog's session times and what today has done, with the way
// to change the times and add them to the phone's calendar. Not while the plan waits or is closed.
function nextSessionLine(dog, today) {
  if (planClosedOn(dog) || ptStartsLater(dog, todayKey())) return null;
  return h('p', { class: 'next-session' },
    h('span', { id: 'next-session' }, nextSessionInWords(nextSession(dog, countedOf(today)))), ' · ',
    h('a', { href: `/dogs/${dog.id}/times`, 'data-link': true, id: 'session-times-link' }, t('Times and reminders')));
}

// Before its start or past its end, crate rest is said as the dog list says it ("starts on…",
// "…are over: ask your vet"), never "Day -2 of 56" or "Day 101 of 56".
function crateRestLine(dog) {
  const rest = crateRestDay(dog);
  if (!rest) return h('p', { id: 'crate-rest-day' }, h('a', { href: `/dogs/${dog.id}`, 'data-link': true }, t('Add the day crate rest started')));
  const inRange = rest.day >= 1 && rest.day <= rest.of;
  return h('p', { id: 'crate-rest-day' }, inRange
    ? t('Day {day} of {total} of strict crate rest', { day: rest.day, total: rest.of }) : dogViews.crateRestInWords(dog));
}

// The one thing to do next, in this order: finish what is running; stop when the clinic closed
// the plan; wait for the day the clinic approved the exercises; ask the clinic about legs the
// routine has nothing for; rest once the day's target is met (an extra session stays possible,
// but small and deliberate); or start.
function whatToDo(routine, dog, today, running, noExercises) {
  if (running) return startButton(running);
  const closedOn = planClosedOn(dog);
  if (closedOn) return planClosed(dog, closedOn);
  const startsOn = ptStartsLater(dog, todayKey());
  if (startsOn) return notYetApproved(dog, startsOn);
  if (noExercises) return legsNotCovered(routine, dog);
  if (targetMet(today, dog.sessionsPerDay)) {
    return [
      targetMetNote(routine, dog.sessionsPerDay),
      h('a', { class: 'button secondary extra-session', href: '/session', 'data-link': true, id: 'start-extra-session' },
        t('Start an extra session')),
      h('p', { class: 'hint' }, t('The app asks you to confirm first.')),
    ];
  }
  return [startButton(null), h('p', { class: 'hint' }, t('Every session starts with a short safety check.'))];
}

function legsNotCovered(routine, dog) {
  const { title, text } = routine.legs_not_covered;
  const legs = dogViews.legsInWords(dog.legs, routine.legs).toLocaleLowerCase(currentLanguage());
  return h('section', { class: 'warning', id: 'legs-not-covered' },
    h('h3', {}, title),
    h('p', {}, text),
    // By the number of legs: the same English, but some languages say "the leg" and "both legs" apart.
    h('p', {}, plural(dog.legs.length,
      'Ask your clinic for instructions for {legs}: no session can start for {name} until then.',
      'Ask your clinic for instructions for {legs}: no session can start for {name} until then.', { legs, name: dog.name })),
    callClinic(dog));
}

function startButton(running) {
  return running
    ? h('a', { class: 'button block huge', href: '/session', 'data-link': true, id: 'resume-session' }, resumeLabel(running))
    : h('a', { class: 'button block huge', href: '/session', 'data-link': true, id: 'start-session' }, t('Start a session'));
}

function resumeLabel(running) {
  if (running.phase === 'finish' || running.phase === 'stopped') return t('Finish saving the last session');
  if (running.phase === 'blocked') return t('See the safety check result');
  return t('Resume the session');
}

function welcome(routine) {
  return card(
    h('p', { class: 'lead' }, routine.summary),
    h('p', {}, t('To begin, tell the app about your dog: which legs are paralysed, and when crate rest began.')),
    h('a', { class: 'button block huge', href: '/dogs/new', 'data-link': true, id: 'add-dog' }, t('Add your dog')),
    h('p', { class: 'hint' }, h('a', { href: '/routine', 'data-link': true }, t('Read the routine first'))));
}

// The install card comes and goes with the browser's prompt; redraw just its slot.
function drawInstallSlot() {
  const slot = document.getElementById('install-slot');
  if (slot) slot.replaceChildren(...[installCard()].filter(Boolean));
}
onViewRendered(drawInstallSlot);
onInstallStateChange(drawInstallSlot);
