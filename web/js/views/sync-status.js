// "Your clinic" on the home page: connected or not, what waits to be sent, what the clinic's
// server refused, and the clinic's notes. Redrawn in place whenever the outbox changes.
// A refusal is told in plain words with what to do: the server's own message names fields and
// rules that mean nothing to a worried owner (it stays in the outbox entry, for whoever debugs).
import { h, card, withLink } from '../dom.js';
import { getDog } from '../dogs.js';
import { syncStatus, onSyncChange } from '../sync.js';
import { t, plural, formatDate, formatList } from '../i18n.js';

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
  const parts = [h('h2', {}, dog.clinic && dog.clinicName ? dog.clinicName : t('Your clinic'))];
  parts.push(h('p', { class: 'status-line', id: 'sync-status', role: 'status' }, statusText(status)));
  if (status.state === 'not-connected') parts.push(connectLink(t('Connect to your clinic')));
  if (status.state === 'disconnected') parts.push(h('p', { class: 'warning', id: 'sync-disconnected' }, disconnection(status.revoked)),
    connectLink(t('Connect again with a new code')));
  if (status.planClosedOn) parts.push(h('p', { class: 'warning', id: 'plan-closed' }, t('Your clinic has closed this plan; your history stays on this phone.')));
  if (status.problems.length) parts.push(...refused(status.problems));
  if (dog.clinicNotes) parts.push(h('h3', {}, t('From your clinic')), h('p', { class: 'clinic-notes', id: 'clinic-notes' }, dog.clinicNotes));
  return parts;
}

// Why the clinic's server turned the phone away, in the app's language by its code (the server's
// message, kept with it, is in English); an unknown code keeps the server's words.
function disconnection({ code, message }) {
  if (code === 'device_revoked') {
    return t('Your clinic has disconnected this phone, so sessions are no longer sent. They are kept on this phone. Ask your clinic for a new code to connect again.');
  }
  if (code === 'device_unknown') return t('Your clinic does not know this phone. Connect it again with a new code from your clinic.');
  return message;
}

// Why the clinic's server kept a session out, by its answer: 'invalid' (it could not accept the
// record), 'conflict' (it already holds another record under the same id) or 'closed' (done after
// the clinic closed the plan). Looked up when drawn: the words are the app's language's.
function refusal(problem) {
  const care = problem.kind === 'care';
  if (problem.status === 'conflict') {
    return care ? t('the clinic already has a different record of it. Yours stays on this phone.')
      : t('the clinic already has a different record of this session. Yours stays on this phone.');
  }
  if (problem.status === 'closed') return t('done after your clinic closed the plan, so it was not sent. It stays on this phone.');
  return care ? t("the clinic's server could not accept this record.") : t("the clinic's server could not accept this session record.");
}

function refused(problems) {
  const invalid = problems.some((problem) => !['conflict', 'closed'].includes(problem.status));
  const history = h('a', { href: '/history', 'data-link': true }, t('history'));
  return [
    h('h3', {}, t('Not accepted by the clinic')),
    h('ul', { class: 'sync-problems', id: 'sync-problems' }, problems.map((problem) => h('li', { 'data-status': problem.status },
      h('strong', {}, recordName(problem)), ': ', refusal(problem)))),
    invalid
      ? h('p', { class: 'hint', id: 'sync-problems-advice' }, withLink(problems.length === 1
        ? t('It stays on this phone and in the {history}. Export it from there (Download CSV or Print summary) and show it to your vet, or tell your clinic.')
        : t('They stay on this phone and in the {history}. Export them from there (Download CSV or Print summary) and show them to your vet, or tell your clinic.'),
      history, '{history}'))
      : h('p', { class: 'hint', id: 'sync-problems-advice' }, t('Nothing is lost. Tell your clinic if it matters.')),
  ];
}

// A translated sentence with a link where its placeholder is (the link's place differs by language).

function statusText({ state, waiting, waitingCare, lastSyncedAt }) {
  const last = lastSyncedAt && clock(lastSyncedAt);
  const records = waitingInWords(waiting, waitingCare);
  if (state === 'not-connected') return t('Not connected to a clinic');
  if (state === 'disconnected') {
    return records ? t('Disconnected by your clinic · {records} kept on this phone', { records }) : t('Disconnected by your clinic');
  }
  if (state === 'waiting') return last ? t('{records} waiting · last {time}', { records, time: last }) : t('{records} waiting', { records });
  return last ? t('All synced · last {time}', { time: last }) : t('All synced');
}

// "2 sessions", "1 bladder record", "2 sessions and 1 bladder record".
function waitingInWords(sessions, care) {
  const parts = [sessions && plural(sessions, '{n} session', '{n} sessions'),
    care && plural(care, '{n} bladder record', '{n} bladder records')].filter(Boolean);
  return parts.length ? formatList(parts) : '';
}

// The refused record by name, and why, in words for the owner.
function recordName(problem) {
  if (problem.care) return t('The bladder record of {when}', { when: dayAndTime(problem.care.at) });
  return problem.log ? t('The session of {when}', { when: dayAndTime(problem.log.started_at) }) : t('A session');
}

const clock = (iso) => formatDate(new Date(iso), { hour: '2-digit', minute: '2-digit' });
const dayAndTime = (iso) => `${formatDate(new Date(iso), { weekday: 'short', day: 'numeric', month: 'short' })}, ${clock(iso)}`;
