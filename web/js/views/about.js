// About: whose routine this is, what the app is not, versions, and how safe the stored log is.
import { h, card } from '../dom.js';
import { loadRoutine } from '../api.js';
import { workerStatus } from '../pwa.js';
import { storageState } from '../local-state.js';
import { t } from '../i18n.js';

export async function about() {
  const [routine, storage] = await Promise.all([loadRoutine(), storageState()]);
  const credit = routine.credit;
  return {
    title: t('About'),
    node: h('div', {},
      h('h1', {}, t('About this app')),
      card(h('h2', {}, t('The routine')), h('p', {}, credit.statement),
        h('p', { class: 'muted' }, `${credit.author}. "${credit.article_title}", ${credit.publisher}.`)),
      card(h('h2', {}, t('Please note')), h('p', {}, routine.disclaimer)),
      card(h('h2', {}, t('This copy')),
        h('dl', { class: 'facts' },
          h('dt', {}, t('Content version')), h('dd', { id: 'content-version' }, routine.version),
          h('dt', {}, t('App build')), h('dd', { id: 'app-build' }, buildInWords()),
          h('dt', {}, t('Offline')), h('dd', { id: 'offline-state' }, offlineInWords()),
          h('dt', {}, t('Storage')), h('dd', { id: 'storage-state' }, describeStorage(storage)))),
      card(h('h2', {}, t('References')),
        h('ul', { class: 'refs' }, routine.references.map((ref) => h('li', {},
          ref.citation, ref.doi ? ` doi:${ref.doi}` : '', h('br'), h('span', { class: 'muted' }, ref.finding))))),
    ),
  };
}

// The worker answers after the page has drawn: fill in its facts when they arrive.
window.addEventListener('ivdd:worker-status', () => {
  const build = document.getElementById('app-build');
  if (build) build.textContent = buildInWords();
  const offline = document.getElementById('offline-state');
  if (offline) offline.textContent = offlineInWords();
});

const buildInWords = () => workerStatus.build || t('not installed yet');
const offlineInWords = () => (workerStatus.ready ? t('Ready') : t('Not ready yet'));

function describeStorage({ persisted, usage }) {
  const state = persistenceInWords(persisted);
  if (usage === null) return state;
  // The state is a whole clause of its own; the sentence around it is the language's.
  return t('{state} ({size} KB used)', { state, size: Math.max(1, Math.round(usage / 1024)) });
}

function persistenceInWords(persisted) {
  if (persisted === true) return t('Kept: the browser will not clear it on its own');
  if (persisted === false) return t('Not guaranteed: the browser may clear it when space runs low. Installing the app helps');
  return t('Unknown in this browser');
}
