// Stop, always one tap away, then one tap for the reason. The session ends there and is saved.
import { h } from '../dom.js';
import * as player from '../player.js';
import { navigate } from '../router.js';

const REASONS = [
  ['excessive_kicking', 'Excessive kicking'],
  ['pain', 'Signs of pain'],
  ['distress', 'My dog is distressed'],
  ['interrupted', 'Interrupted'],
  ['other', 'Other reason'],
];

export function stopSheet(routine, act) {
  const note = h('textarea', { id: 'stop-note', maxlength: 500, rows: 2, 'aria-describedby': 'stop-note-hint' });
  const choose = (reason) => act(async () => {
    document.getElementById('stop-sheet').close();
    await player.stop(reason, reason === 'other' ? note.value : null);
  });
  return h('dialog', { id: 'stop-sheet', class: 'sheet', 'aria-labelledby': 'stop-title' },
    h('h2', { id: 'stop-title' }, 'Stop the session?'),
    h('p', {}, 'Why are you stopping? It goes into the log for your vet.'),
    h('div', { class: 'reason-list' },
      REASONS.map(([reason, label]) => h('button', { type: 'button', class: 'button block', 'data-reason': reason, onclick: choose(reason) }, label))),
    h('label', { for: 'stop-note' }, 'Other reason (optional)'),
    note,
    h('p', { class: 'hint', id: 'stop-note-hint' }, 'Type it here, then tap "Other reason".'),
    h('button', { type: 'button', class: 'button secondary block', id: 'stop-cancel',
      onclick: () => document.getElementById('stop-sheet').close() }, 'Keep going'));
}

// During the safety questions, "Cancel" leaves without a session (nothing began).
export async function openStopSheet() {
  if (player.active()?.phase === 'gate') {
    await player.close();
    return navigate('/');
  }
  document.getElementById('stop-sheet').showModal();
}
