// About: whose routine this is, what the app is not, versions, and how safe the stored log is.
import { h, card } from '../dom.js';
import { loadRoutine } from '../api.js';
import { workerStatus } from '../pwa.js';
import { storageState } from '../local-state.js';

export async function about() {
  const [routine, storage] = await Promise.all([loadRoutine(), storageState()]);
  const credit = routine.credit;
  return {
    title: 'About',
    node: h('div', {},
      h('h1', {}, 'About this app'),
      card(h('h2', {}, 'The routine'), h('p', {}, credit.statement),
        h('p', { class: 'muted' }, `${credit.author}. "${credit.article_title}", ${credit.publisher}.`)),
      card(h('h2', {}, 'Please note'), h('p', {}, routine.disclaimer)),
      card(h('h2', {}, 'This copy'),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Content version'), h('dd', { id: 'content-version' }, routine.version),
          h('dt', {}, 'App build'), h('dd', { id: 'app-build' }, workerStatus.build || 'not installed yet'),
          h('dt', {}, 'Offline'), h('dd', { id: 'offline-state' }, workerStatus.ready ? 'Ready' : 'Not ready yet'),
          h('dt', {}, 'Storage'), h('dd', { id: 'storage-state' }, describeStorage(storage)))),
      card(h('h2', {}, 'References'),
        h('ul', { class: 'refs' }, routine.references.map((ref) => h('li', {},
          ref.citation, ref.doi ? ` doi:${ref.doi}` : '', h('br'), h('span', { class: 'muted' }, ref.finding))))),
    ),
  };
}

// The worker answers after the page has drawn: fill in its facts when they arrive.
window.addEventListener('ivdd:worker-status', () => {
  const build = document.getElementById('app-build');
  if (build) build.textContent = workerStatus.build || 'not installed yet';
  const offline = document.getElementById('offline-state');
  if (offline) offline.textContent = workerStatus.ready ? 'Ready' : 'Not ready yet';
});

function describeStorage({ persisted, usage }) {
  const used = usage === null ? '' : ` (${Math.max(1, Math.round(usage / 1024))} KB used)`;
  if (persisted === true) return `Kept: the browser will not clear it on its own${used}`;
  if (persisted === false) return `Not guaranteed: the browser may clear it when space runs low. Installing the app helps${used}`;
  return `Unknown in this browser${used}`;
}
