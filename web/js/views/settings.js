// Settings: saved on this phone as soon as they change.
import { h, card } from '../dom.js';
import { loadSettings, saveSettings } from '../local-state.js';
import { checkForUpdate, tellWorkerTheLanguage } from '../pwa.js';
import { reminderSettings } from './reminder-settings.js';
import { t, languages, currentLanguage, catalogueUrl, rememberLanguage } from '../i18n.js';
import { routineUrl } from '../api.js';
import { noVoiceNotice } from './no-voice.js';

export function settings() {
  const current = loadSettings();
  const saved = h('p', { class: 'hint', role: 'status', id: 'settings-saved' });
  const save = (changes) => {
    saveSettings(changes);
    saved.textContent = t('Saved.');
  };
  return {
    title: t('Settings'),
    node: h('div', {},
      h('h1', {}, t('Settings')),
      languageCard(),
      card(
        toggle('voice', t('Spoken cues'), t('Reads each step and counts aloud, so your eyes can stay on your dog.'), current.voice, save),
        noVoiceNotice(),
        toggle('keepAwake', t('Keep the screen on'), t('During a session, where your phone allows it.'), current.keepAwake, save),
        h('div', { class: 'field' },
          h('div', {}, h('label', { for: 'paced-seconds' }, t('Seconds per repetition')),
            h('p', { class: 'hint', id: 'paced-seconds-hint' }, t('For the paced count: slow and controlled. 3 is a good start.'))),
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
      card(h('h2', {}, t('Updates')),
        h('p', {}, t('The app updates itself between sessions. You can also check now.')),
        h('button', { type: 'button', class: 'button secondary', onclick: () => checkForUpdate().catch(() => {}) }, t('Check for updates'))),
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

// The app's language: its words, the routine and the spoken cues. Each name is in its own
// language, for the person looking for theirs. The choice stays on this phone.
function languageCard() {
  const status = h('p', { class: 'hint', role: 'status', id: 'language-status' });
  const select = h('select', { id: 'language', 'aria-describedby': 'language-hint',
    onchange: () => switchLanguage(select, status) },
  Object.entries(languages()).map(([code, name]) => h('option', { value: code, lang: code, selected: code === currentLanguage() }, name)));
  return card(
    h('div', { class: 'field stacked' },
      h('div', {}, h('label', { for: 'language' }, t('Language')),
        h('p', { class: 'hint', id: 'language-hint' }, t('The app\'s words, the routine and the spoken cues.'))),
      select),
    status);
}

// Everything the new language needs is fetched first (and kept for offline by the worker), then
// the app starts again in it. Offline, with a language never downloaded, nothing changes.
async function switchLanguage(select, status) {
  const code = select.value;
  status.textContent = t('Getting the words…');
  try {
    const needed = [catalogueUrl(code), routineUrl(code)].filter(Boolean);
    const answers = await Promise.all(needed.map((url) => fetch(url)));
    if (!answers.every((answer) => answer.ok)) throw new Error('not found');
    await tellWorkerTheLanguage(code);
  } catch {
    select.value = currentLanguage();
    status.textContent = t('That language is not on this phone yet. Connect to the internet once, then choose it again.');
    return;
  }
  rememberLanguage(code);
  location.reload();
}
