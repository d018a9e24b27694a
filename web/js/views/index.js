// The app's pages. Paths here must also be app pages for the server (app/web/build.py,
// is_app_route): no dot in the last segment, nothing under /api, /clinic or /v.
import { home } from './home.js';
import { about } from './about.js';
import { settings } from './settings.js';
import { routineOverview } from './routine-overview.js';
import { dogList, dogForm } from './dogs.js';
import { history, printableSummary } from './history.js';
import { sessionView } from './session.js';
import { connectView } from './connect.js';
import { h } from '../dom.js';

export const routes = [
  [/^\/$/, home],
  [/^\/about$/, about],
  [/^\/settings$/, settings],
  [/^\/routine$/, routineOverview],
  [/^\/session$/, sessionView],
  [/^\/dogs$/, dogList],
  [/^\/dogs\/(?<id>new|[0-9a-f-]{36})$/, dogForm],
  [/^\/history$/, history],
  [/^\/history\/print$/, printableSummary],
  [/^\/connect$/, connectView],
  [/^\/join\/(?<code>[^/]+)$/, connectView],
];

export function notFound() {
  return {
    title: 'Not found',
    node: h('div', {},
      h('h1', {}, 'This page does not exist'),
      h('p', {}, h('a', { href: '/', 'data-link': true }, 'Back to today'))),
  };
}
