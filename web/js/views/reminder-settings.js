// Settings' "Reminders" card: notifications at the session times (and when the bladder is due),
// sent by the clinic's server, so only for dogs linked to a clinic. Permission is asked from the
// owner's tap on "Turn on reminders", never when a page loads.
import { h, card } from '../dom.js';
import { listDogs } from '../dogs.js';
import { flush } from '../sync.js';
import { reminderState, turnOnReminders, turnOffReminders } from '../push.js';
import { t, formatList } from '../i18n.js';

export function reminderSettings() {
  const body = h('div', { id: 'reminders-body' });
  const status = h('p', { class: 'hint', role: 'status', id: 'reminders-status' });
  const section = card(h('h2', { id: 'reminders-title' }, t('Reminders')), body, status);
  section.setAttribute('aria-labelledby', 'reminders-title');

  async function draw(message = '') {
    const linked = (await listDogs()).filter((dog) => dog.clinic?.token && !dog.clinic.revoked);
    body.replaceChildren(...content(reminderState(), linked, act));
    status.textContent = message;
  }

  async function act(turn) {
    status.textContent = turn === 'on' ? t('Asking your browser…') : '';
    try {
      const state = await (turn === 'on' ? turnOnReminders() : turnOffReminders());
      await flush(); // tells the clinic's server now (or as soon as the phone is online)
      await draw(state === 'on' ? t('Reminders are on.') : state === 'blocked' ? '' : t('Reminders are off.'));
    } catch (error) {
      await draw(error.message);
    }
  }

  draw();
  return section;
}

function content(state, linked, act) {
  const names = formatList(linked.map((dog) => dog.name));
  if (state === 'unsupported') {
    return [h('p', {}, t('This browser cannot show reminders from the app. Add the session times to your calendar instead, from "Times and reminders" on the home screen.'))];
  }
  if (!linked.length) {
    return [h('p', {}, t("Reminders come from your clinic's server, so they work once your dog is connected to its clinic. Until then, add the session times to your calendar, from \"Times and reminders\" on the home screen."))];
  }
  if (state === 'blocked') {
    return [h('p', { class: 'warning', id: 'reminders-blocked' }, t("Notifications are blocked for this app. Allow them in your browser's site settings, then come back here. The calendar reminders work without them."))];
  }
  const problems = linked.filter((dog) => dog.clinic.pushProblem)
    .map((dog) => h('p', { class: 'warning' }, `${dog.name}: ${dog.clinic.pushProblem}`));
  if (state === 'on') {
    return [h('p', { id: 'reminders-on' }, t('On for {names}: a notification at each session time, and when the bladder is due, even with the app closed.', { names })),
      ...problems,
      h('button', { type: 'button', class: 'button secondary block', id: 'reminders-off', onclick: () => act('off') },
        t('Turn off reminders'))];
  }
  return [h('p', {}, t("Get a notification at each of {names}'s session times, and when the bladder is due, even with the app closed. Your browser will ask you to allow notifications.", { names })),
    h('button', { type: 'button', class: 'button block', id: 'reminders-on-button', onclick: () => act('on') },
      t('Turn on reminders'))];
}
