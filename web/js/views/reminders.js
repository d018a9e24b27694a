// "Times and reminders" for one dog: when in the day each session is meant to happen (proposed
// from the sessions a day, editable), and the calendar file that reminds the owner with no
// server and no permission asked.
import { h, withLink } from '../dom.js';
import { navigate } from '../router.js';
import { sessionTimes, hasOwnTimes, checkTimes, phoneTimeZone } from '../schedule.js';
import { calendarProblem, downloadCalendar } from '../calendar.js';
import { getDog, saveDog, crateRestEnds } from '../dogs.js';
import { dateOfKey } from '../logs.js';
import { t, plural, formatDate } from '../i18n.js';

export async function remindersView({ id }) {
  const dog = await getDog(id);
  if (!dog) {
    return { title: t('Dog not found'), node: h('div', {}, h('h1', {}, t('This dog is not on this phone')),
      h('p', {}, h('a', { href: '/dogs', 'data-link': true }, t('See your dogs')))) };
  }
  const times = timesFields(dog);
  return {
    title: t('Session times for {name}', { name: dog.name }),
    node: h('div', { class: 'reminders' },
      h('h1', {}, t('Session times for {name}', { name: dog.name })),
      h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'times-title',
        onsubmit: async (event) => {
          event.preventDefault();
          if (await times.save()) navigate('/');
        } },
      times.nodes,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button block' }, t('Save times')),
        h('a', { class: 'button secondary block', href: '/', 'data-link': true }, t('Cancel')))),
      pushHint(dog),
      calendarCard(dog, times)),
  };
}

// The time inputs, with their checks; `save()` stores valid times on the dog (and returns it).
function timesFields(dog) {
  const shown = sessionTimes(dog);
  const inputs = shown.map((time, index) => h('input', { type: 'time', id: `session-time-${index + 1}`,
    name: `session-time-${index + 1}`, value: time, required: true }));
  const errors = inputs.map((input) => h('p', { class: 'field-error', id: `${input.id}-error`, hidden: true }));

  function show(problems) {
    inputs.forEach((input, index) => {
      const problem = problems.find((p) => p.index === index);
      errors[index].textContent = problem?.message ?? '';
      errors[index].hidden = !problem;
      if (problem) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      if (problem) input.setAttribute('aria-describedby', errors[index].id);
      else input.removeAttribute('aria-describedby');
    });
  }

  async function save() {
    const checked = checkTimes(inputs.map((input) => input.value));
    show(checked.problems ?? []);
    if (checked.problems) {
      inputs[checked.problems[0].index].focus();
      return null;
    }
    return saveDog({ ...dog, sessionTimes: checked.times, timeZone: phoneTimeZone() });
  }

  const count = shown.length;
  const nodes = [
    h('h2', { id: 'times-title' }, count === 1 ? t('When in the day') : t('When in the day, for {count} sessions', { count })),
    h('p', { class: 'hint', id: 'times-hint' }, hasOwnTimes(dog)
      ? t('Your times. Change them to fit your day.')
      : t('Proposed, spread over the waking day. Change them to fit your day.')),
    h('p', { class: 'muted' }, dog.setByClinic
      ? plural(count, '{n} session a day: your clinic set it.', '{n} sessions a day: your clinic set it.')
      : plural(count, "{n} session a day: you can change it in the dog's profile.", "{n} sessions a day: you can change it in the dog's profile.")),
    inputs.map((input, index) => h('div', { class: 'form-field' },
      h('label', { for: input.id }, t('Session {number}', { number: index + 1 })), errors[index], input)),
  ];
  return { nodes, save };
}

// Notifications come from the clinic's server (push.js): only for a dog connected to its clinic.
function pushHint(dog) {
  const connected = dog.clinic?.token && !dog.clinic.revoked;
  return h('p', { class: 'hint', id: 'push-hint' }, connected
    ? withLink(t('For a notification at each of these times, even with the app closed, turn on reminders in {settings}.'),
      h('a', { href: '/settings', 'data-link': true }, t('Settings')), '{settings}')
    : t('Notifications at these times need your dog connected to its clinic. The calendar below works without.'));
}

// A translated sentence with a link where its placeholder is (the link's place differs by language).

function calendarCard(dog, times) {
  const problem = calendarProblem(dog);
  const made = h('p', { class: 'hint', role: 'status', id: 'calendar-made' });
  async function addToCalendar() {
    const saved = await times.save(); // the calendar and the app keep the same times
    if (!saved) return;
    downloadCalendar(saved, `${location.origin}/`);
    made.textContent = t('Calendar file made. Open it and choose "Add" to put the reminders in your calendar.');
  }
  return h('section', { class: 'card', 'aria-labelledby': 'calendar-title' },
    h('h2', { id: 'calendar-title' }, t('Reminders in your calendar')),
    h('p', {}, t("Your phone's calendar can remind you at each session time, every day until crate rest ends. It works without internet and needs no notifications from this app.")),
    problem
      ? h('p', { class: 'warning', id: 'calendar-problem' }, problem)
      : [
        h('p', { class: 'muted', id: 'calendar-until' }, t('Every day until {date}, the last day of crate rest.', { date: longDate(crateRestEnds(dog)) })),
        h('button', { type: 'button', class: 'button block', id: 'add-to-calendar', onclick: addToCalendar },
          t('Add reminders to my calendar')),
        made,
        h('p', { class: 'hint' }, t('If you change the times later, add the reminders again and delete the old ones.')),
      ]);
}

const longDate = (key) => formatDate(dateOfKey(key), { day: 'numeric', month: 'long', year: 'numeric' });
