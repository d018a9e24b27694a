// "Your clinic" on the home page: connected or not, what waits to be sent, what the clinic's
// server refused and why, and the clinic's notes. Redrawn in place whenever the outbox changes.
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
  if (status.problems.length) {
    parts.push(h('h3', {}, 'Not accepted by the clinic'),
      h('ul', { class: 'sync-problems', id: 'sync-problems' }, status.problems.map((problem) => h('li', {},
        h('strong', {}, problem.log ? sessionName(problem.log) : 'A session'), ': ', problem.message || problem.status))),
      h('p', { class: 'hint' }, 'These stay on this phone. Tell your clinic if they matter.'));
  }
  if (dog.clinicNotes) parts.push(h('h3', {}, 'From your clinic'), h('p', { class: 'clinic-notes', id: 'clinic-notes' }, dog.clinicNotes));
  return parts;
}

function statusText({ state, waiting, lastSyncedAt }) {
  const last = lastSyncedAt ? ` · last ${clock(lastSyncedAt)}` : '';
  if (state === 'not-connected') return 'Not connected to a clinic';
  if (state === 'disconnected') return `Disconnected by your clinic${waiting ? ` · ${plural(waiting)} kept on this phone` : ''}`;
  if (state === 'waiting') return `${plural(waiting)} waiting${last}`;
  return `All synced${last}`;
}

const plural = (n) => `${n} session${n === 1 ? '' : 's'}`;
const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function sessionName(log) {
  const started = new Date(log.started_at);
  return `The session of ${started.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' })}, `
    + clock(log.started_at);
}
