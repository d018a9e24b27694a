// Settings: saved on this phone as soon as they change.
import { h, card } from '../dom.js';
import { loadSettings, saveSettings } from '../local-state.js';
import { checkForUpdate } from '../pwa.js';
import { reminderSettings } from './reminder-settings.js';

export function settings() {
  const current = loadSettings();
  const saved = h('p', { class: 'hint', role: 'status', id: 'settings-saved' });
  const save = (changes) => {
    saveSettings(changes);
    saved.textContent = 'Saved.';
  };
  return {
    title: 'Settings',
    node: h('div', {},
      h('h1', {}, 'Settings'),
      card(
        toggle('voice', 'Spoken cues', 'Reads each step and counts aloud, so your eyes can stay on your dog.', current.voice, save),
        toggle('keepAwake', 'Keep the screen on', 'During a session, where your phone allows it.', current.keepAwake, save),
        h('div', { class: 'field' },
          h('div', {}, h('label', { for: 'paced-seconds' }, 'Seconds per repetition'),
            h('p', { class: 'hint', id: 'paced-seconds-hint' }, 'For the paced count: slow and controlled. 3 is a good start.')),
          h('input', { type: 'number', id: 'paced-seconds', min: 2, max: 8, step: 1, value: current.pacedSecondsPerRep,
            'aria-describedby': 'paced-seconds-hint', inputmode: 'numeric',
            onchange: (event) => {
              const value = Math.min(8, Math.max(2, Math.round(Number(event.target.value)) || 3));
              event.target.value = value;
              save({ pacedSecondsPerRep: value });
            } })),
        saved,
      ),
      reminderSettings(),
      card(h('h2', {}, 'Updates'),
        h('p', {}, 'The app updates itself between sessions. You can also check now.'),
        h('button', { type: 'button', class: 'button secondary', onclick: () => checkForUpdate().catch(() => {}) }, 'Check for updates')),
    ),
  };
}

function toggle(key, label, hint, checked, save) {
  const id = `setting-${key}`;
  return h('div', { class: 'field' },
    h('div', {}, h('label', { for: id }, label), h('p', { class: 'hint', id: `${id}-hint` }, hint)),
    h('input', { type: 'checkbox', id, checked, 'aria-describedby': `${id}-hint`,
      onchange: (event) => save({ [key]: event.target.checked }) }));
}
