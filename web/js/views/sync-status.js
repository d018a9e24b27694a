// "Your clinic" on the home page: connected or not, what waits to be sent, what the clinic's
// server refused, and the clinic's notes. Redrawn in place whenever the outbox changes.
// A refusal is told in plain words with what to do: the server's own message names fields and
// rules that mean nothing to a worried owner (it stays in the outbox entry, for whoever debugs).
import { h, card } from '../dom.js';
import { getDog } from '../dogs.js';
import { syncStatus, onSyncChange } from '../sync.js';

export async function clinicCard(dog) {
  const node = card(...await cardContent(dog));
  node.id = 'clinic-card';
  node.dataset.dog = dog.id;
  return node;
}

onSyncChange(async () => {
  const node = document.getElementById('clinic-card');
  const dogId = node?.dataset.dog;
  if (!dogId) return;
  const dog = await getDog(dogId);
  if (dog && node.isConnected) node.replaceChildren(...await cardContent(dog));
});

async function cardContent(dog) {
  const status = await syncStatus(dog);
  const connectLink = (text) => h('a', { class: 'button secondary block', href: '/connect', 'data-link': true, id: 'connect-clinic' }, text);
  const parts = [h('h2', {}, dog.clinic && dog.clinicName ? dog.clinicName : 'Your clinic')];
  parts.push(h('p', { class: 'status-line', id: 'sync-status', role: 'status' }, statusText(status)));
  if (status.state === 'not-connected') parts.push(connectLink('Connect to your clinic'));
  if (status.state === 'disconnected') parts.push(h('p', { class: 'warning', id: 'sync-disconnected' }, status.revoked.message),
    connectLink('Connect again with a new code'));
  if (status.planClosedOn) parts.push(h('p', { class: 'warning', id: 'plan-closed' }, PLAN_CLOSED));
  if (status.problems.length) parts.push(...refused(status.problems));
  if (dog.clinicNotes) parts.push(h('h3', {}, 'From your clinic'), h('p', { class: 'clinic-notes', id: 'clinic-notes' }, dog.clinicNotes));
  return parts;
}

// Why the clinic's server kept a session out, by its answer: 'invalid' (it could not accept the
// record), 'conflict' (it already holds another record under the same id) or 'closed' (done after
// the clinic closed the plan).
const PLAN_CLOSED = 'Your clinic has closed this plan; your history stays on this phone.';
const REFUSED = {
  invalid: "the clinic's server could not accept this session record.",
  conflict: 'the clinic already has a different record of this session. Yours stays on this phone.',
  closed: 'done after your clinic closed the plan, so it was not sent. It stays on this phone.',
};
const REFUSED_CARE = {
  invalid: "the clinic's server could not accept this record.",
  conflict: 'the clinic already has a different record of it. Yours stays on this phone.',
  closed: REFUSED.closed,
};

function refused(problems) {
  const invalid = problems.some((problem) => !['conflict', 'closed'].includes(problem.status));
  const [it, stays] = problems.length === 1 ? ['it', 'It stays'] : ['them', 'They stay'];
  return [
    h('h3', {}, 'Not accepted by the clinic'),
    h('ul', { class: 'sync-problems', id: 'sync-problems' }, problems.map((problem) => h('li', { 'data-status': problem.status },
      h('strong', {}, recordName(problem)), ': ', refusal(problem)))),
    invalid
      ? h('p', { class: 'hint', id: 'sync-problems-advice' }, `${stays} on this phone and in the `,
        h('a', { href: '/history', 'data-link': true }, 'history'),
        `. Export ${it} from there (Download CSV or Print summary) and show ${it} to your vet, or tell your clinic.`)
      : h('p', { class: 'hint', id: 'sync-problems-advice' }, 'Nothing is lost. Tell your clinic if it matters.'),
  ];
}

function statusText({ state, waiting, waitingCare, lastSyncedAt }) {
  const last = lastSyncedAt ? ` · last ${clock(lastSyncedAt)}` : '';
  const kept = waitingInWords(waiting, waitingCare);
  if (state === 'not-connected') return 'Not connected to a clinic';
  if (state === 'disconnected') return `Disconnected by your clinic${kept ? ` · ${kept} kept on this phone` : ''}`;
  if (state === 'waiting') return `${kept} waiting${last}`;
  return `All synced${last}`;
}

// "2 sessions", "1 bladder record", "2 sessions and 1 bladder record".
function waitingInWords(sessions, care) {
  const parts = [sessions && plural(sessions, 'session'), care && plural(care, 'bladder record')].filter(Boolean);
  return parts.join(' and ');
}

const plural = (n, what) => `${n} ${what}${n === 1 ? '' : 's'}`;

// The refused record by name, and why, in words for the owner.
function recordName(problem) {
  if (problem.care) return `The bladder record of ${dayAndTime(problem.care.at)}`;
  return problem.log ? sessionName(problem.log) : 'A session';
}

function refusal(problem) {
  const words = problem.kind === 'care' ? REFUSED_CARE : REFUSED;
  return words[problem.status] || words.invalid;
}
const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function sessionName(log) {
  return `The session of ${dayAndTime(log.started_at)}`;
}

const dayAndTime = (iso) => `${new Date(iso).toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' })}, ${clock(iso)}`;
