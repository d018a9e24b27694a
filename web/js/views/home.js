// Today: the day's sessions against the target, the start button, and the sync status.
import { h, card } from '../dom.js';
import { loadRoutine } from '../routine.js';
import { installCard, onInstallStateChange } from '../install.js';
import { onViewRendered } from '../router.js';

export async function home() {
  const routine = await loadRoutine();
  const perDay = routine.sessions_per_day;
  const doneToday = 0; // the session log arrives with the guided player
  return {
    title: 'Today',
    node: h('div', {},
      h('h1', {}, 'Today'),
      card(
        h('h2', {}, 'Sessions today'),
        h('p', { class: 'big-number', id: 'today-count' }, `${doneToday} of ${perDay.default}`),
        h('p', { class: 'muted' }, `${perDay.default} ${perDay.unit} is the starting default. Your clinic can change it.`),
        h('a', { class: 'button block huge', href: '/routine', 'data-link': true, id: 'start-session' }, 'Start a session'),
      ),
      h('div', { id: 'install-slot' }),
      card(
        h('h2', {}, 'Your clinic'),
        h('p', { class: 'status-line', id: 'sync-status' }, 'Not connected to a clinic'),
      ),
    ),
  };
}

// The install card comes and goes with the browser's prompt; redraw just its slot.
function drawInstallSlot() {
  const slot = document.getElementById('install-slot');
  if (slot) slot.replaceChildren(...[installCard()].filter(Boolean));
}
onViewRendered(drawInstallSlot);
onInstallStateChange(drawInstallSlot);
