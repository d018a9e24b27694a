// Dog profiles: the list, the add/edit form, and a one-tap switcher for the home page.
// A profile decides what a session does (which legs), which day of crate rest it is and which
// clinic number the safety check shows, so the form checks everything and says plainly what to fix.
import { h, card } from '../dom.js';
import { navigate } from '../router.js';
import { loadRoutine } from '../api.js';
import { listDogs, getDog, saveDog, deleteDog, chosenDog, chooseDog, crateRestDay, setByClinic } from '../dogs.js';
import { dateOfKey } from '../logs.js';
import { coveredLegs, uncoveredLegs } from '../flow.js';
import { t, plural, formatDate, formatList, currentLanguage } from '../i18n.js';

const TEXT_MAX = 80; // dog's name and clinic's name
const PHONE_CHARS = /^[0-9 +\-()]+$/;
const PHONE_DIGITS = { min: 6, max: 20 };
// A typing check, not advice: the interval itself is the clinic's.
const BLADDER_HOURS = { min: 1, max: 24 };

// ---------------------------------------------------------------------------------------------
// The list

export async function dogList() {
  const [routine, dogs, chosen] = await Promise.all([loadRoutine(), listDogs(), chosenDog()]);
  return {
    title: t('Your dogs'),
    node: h('div', { class: 'dogs' },
      h('h1', {}, t('Your dogs')),
      dogs.length > 1 && h('p', { class: 'muted' }, t('Sessions are for the chosen dog.')),
      dogs.length ? dogs.map((dog) => dogCard(dog, dog.id === chosen?.id, routine)) : emptyState(),
      h('a', { class: 'button block', href: '/dogs/new', 'data-link': true }, t('Add a dog'))),
  };
}

function emptyState() {
  return card(
    h('h2', {}, t('No dog on this phone yet')),
    h('p', {}, t('Add your dog first. Each session works only on the legs that are paralysed, so the app needs to know which ones, and which day of crate rest it is.')),
    h('p', { class: 'muted' }, t('It takes a minute. You can change it at any time.')));
}

function dogCard(dog, isChosen, routine) {
  const headingId = `dog-${dog.id}-name`;
  return h('section', { class: isChosen ? 'card dog-card chosen' : 'card dog-card', 'aria-labelledby': headingId },
    h('div', { class: 'dog-card-head' },
      h('h2', { id: headingId }, dog.name),
      isChosen && h('span', { class: 'pill dog-chosen' }, t('Chosen'))),
    h('ul', { class: 'dog-facts' },
      h('li', {}, legsInWords(dog.legs, routine.legs)),
      uncoveredLine(routine, dog.legs, { tag: 'li' }),
      h('li', {}, crateRestInWords(dog)),
      h('li', {}, sessionsInWords(dog.sessionsPerDay))),
    // The names are in the accessible names so a screen reader's list of buttons says whose they are.
    h('div', { class: 'dog-actions' },
      h('a', { class: 'button secondary', href: `/dogs/${dog.id}`, 'data-link': true, 'aria-label': t('Edit {name}', { name: dog.name }) }, t('Edit')),
      !isChosen && h('button', { type: 'button', class: 'button', 'aria-label': t('Choose {name}', { name: dog.name }),
        onclick: () => chooseAndGoHome(dog.id) }, t('Choose'))));
}

async function chooseAndGoHome(id) {
  await chooseDog(id);
  navigate('/');
}

// --- legs the routine has no exercises for -----------------------------------------------------
// The source's routine works the back legs only (PRODUCT: "Back legs only"): a front leg ticked
// here is the truth about the dog, kept for the clinic, but gets no exercises from the app.

// "Left front leg: no exercises in this app. Ask your clinic about it." Null when every leg is covered.
export function uncoveredLine(routine, legIds = [], { tag = 'p', id = null } = {}) {
  const uncovered = uncoveredLegs(routine, legIds);
  if (!uncovered.length) return null;
  // "it" or "them" by the number of legs, whatever the words for them say.
  return h(tag, { class: 'uncovered-legs', id }, plural(uncovered.length,
    '{legs}: no exercises in this app. Ask your clinic about it.',
    '{legs}: no exercises in this app. Ask your clinic about them.', { legs: legsInWords(uncovered, routine.legs) }));
}

// True when the dog has legs ticked and none of them gets exercises: no session can start.
export const onlyUncovered = (routine, legIds = []) => legIds.length > 0 && coveredLegs(routine, legIds).length === 0;

// "For each back leg": the legs a per-leg block of the flow works on, by their limb (the content's
// "hind" or "fore"): the labels are whole phrases in the owner's language, not to be cut up.
export function blockLegsInWords(routine, block) {
  const legs = routine.legs.filter((leg) => (block.limbs || []).includes(leg.limb));
  if (!legs.length) return null;
  const limbs = [...new Set(legs.map((leg) => leg.limb))];
  if (legs.length === routine.legs.length || limbs.length > 1) return t('For each leg');
  return limbs[0] === 'hind' ? t('For each back leg') : limbs[0] === 'fore' ? t('For each front leg') : t('For each leg');
}

// "both back legs": a pair of legs of one limb. Null for a limb the app has no words for.
function bothOf(limb) {
  if (limb === 'hind') return t('both back legs');
  if (limb === 'fore') return t('both front legs');
  return null;
}

// A label inside a sentence: "Left front leg" -> "left front leg".
const lower = (label) => label.toLocaleLowerCase(currentLanguage());

// "Both back legs", "Left front leg", "All four legs": how an owner would say it.
export function legsInWords(ids = [], legs = []) {
  const affected = legs.filter((leg) => ids.includes(leg.id));
  if (!affected.length) return t('No legs chosen yet');
  if (affected.length === 4 && legs.length === 4) return t('All four legs');
  const paired = new Set();
  const words = [];
  for (const leg of affected) {
    if (paired.has(leg.id)) continue;
    const [side, part] = leg.id.split('-');
    const twin = affected.find((other) => other.id === `${side === 'left' ? 'right' : 'left'}-${part}`);
    const both = twin && bothOf(leg.limb);
    if (both) {
      paired.add(twin.id);
      words.push(both);
    } else {
      words.push(lower(leg.label));
    }
  }
  const text = formatList(words);
  return text[0].toLocaleUpperCase(currentLanguage()) + text.slice(1);
}

export function crateRestInWords(dog) {
  const rest = crateRestDay(dog);
  if (!rest) return t('No crate-rest date yet');
  if (rest.day < 1) return t('Crate rest starts on {date}', { date: dateInWords(dog.crateRestStart) });
  if (rest.day > rest.of) {
    return t('Day {day}: the {total} days of crate rest are over. Ask your vet what comes next.', { day: rest.day, total: rest.of });
  }
  return t('Day {day} of {total} of crate rest', { day: rest.day, total: rest.of });
}

const sessionsInWords = (count) => plural(count, '{n} session a day', '{n} sessions a day');

function dateInWords(iso) {
  return formatDate(dateOfKey(iso), { day: 'numeric', month: 'long', year: 'numeric' });
}

// ---------------------------------------------------------------------------------------------
// One-tap switching between dogs (for the home page): null when there is nothing to switch.

export function dogSwitcher(dogs, chosen) {
  if (!dogs || dogs.length < 2) return null;
  const chosenId = typeof chosen === 'string' ? chosen : chosen?.id;
  return h('div', { class: 'dog-switcher', role: 'group', 'aria-labelledby': 'dog-switcher-label' },
    h('p', { class: 'dog-switcher-label', id: 'dog-switcher-label' }, t('Which dog?')),
    h('div', { class: 'dog-switcher-buttons' }, dogs.map((dog) => {
      const pressed = dog.id === chosenId;
      // 'false' as a string: h() leaves out attributes whose value is false.
      return h('button', { type: 'button', class: pressed ? 'button' : 'button secondary', 'aria-pressed': String(pressed),
        onclick: () => chooseAndGoHome(dog.id) }, pressed && h('span', { 'aria-hidden': 'true' }, '✓'), dog.name);
    })));
}

// ---------------------------------------------------------------------------------------------
// The form

export async function dogForm({ id }) {
  const routine = await loadRoutine();
  if (id === 'new') return formView(routine, null);
  const dog = await getDog(id);
  return dog ? formView(routine, dog) : notOnThisPhone();
}

function notOnThisPhone() {
  return {
    title: t('Dog not found'),
    node: h('div', {},
      h('h1', {}, t('This dog is not on this phone')),
      h('p', {}, t('It may have been deleted, or added on another phone.')),
      h('p', {}, h('a', { href: '/dogs', 'data-link': true }, t('See your dogs')))),
  };
}

function defaults(routine) {
  return { name: '', legs: [], crateRestStart: '', crateRestWeeks: routine.crate_rest.default,
    clinicName: '', clinicPhone: '', sessionsPerDay: routine.sessions_per_day.default,
    bladderMethod: '', bladderIntervalHours: null };
}

function formView(routine, dog) {
  const values = dog ?? defaults(routine);
  // What the clinic prescribed is shown but not editable here: the clinic changes it.
  const locked = PRESCRIPTION.filter((key) => setByClinic(dog, key));
  const fields = buildFields(routine, values, locked);
  const summarySlot = h('div', { class: 'error-summary-slot' });
  const saveButton = h('button', { type: 'submit', class: 'button block' }, t('Save'));

  async function onSubmit(event) {
    event.preventDefault();
    const entered = readValues(fields);
    const problems = findProblems(entered, routine, locked);
    showProblems(problems, fields, summarySlot);
    if (problems.length) return;
    saveButton.disabled = true; // one tap, one save
    try {
      const prescription = pick(dog, locked);
      const saved = await saveDog({ ...dog, ...entered, ...prescription, id: dog?.id });
      await chooseDog(saved.id);
      navigate('/');
    } catch (error) {
      saveButton.disabled = false;
      showSaveFailure(error, summarySlot);
    }
  }

  const title = dog ? t('Edit {name}', { name: dog.name }) : t('Add your dog');
  return {
    title,
    node: h('div', { class: 'dog-form-page' },
      h('h1', {}, title),
      !dog && h('p', {}, t('Each session follows what you enter here: the paralysed legs, the day of crate rest and your clinic.')),
      h('form', { class: 'dog-form', novalidate: true, onsubmit: onSubmit },
        summarySlot,
        card(h('h2', {}, t('Your dog')), fields.name.node, fields.legs.node),
        card(h('h2', {}, t('Crate rest and sessions')),
          locked.length > 0 && h('p', { class: 'hint locked-note' }, t('Your clinic set these. Ask them if something needs to change.')),
          fields.crateRestStart.node, fields.crateRestWeeks.node, fields.sessionsPerDay.node),
        card(h('h2', {}, t('Bladder')), fields.bladderMethod.node, fields.bladderIntervalHours.node),
        card(h('h2', {}, t('Your clinic')), fields.clinicName.node, fields.clinicPhone.node),
        h('div', { class: 'form-actions' },
          saveButton,
          h('a', { class: 'button secondary block', href: '/dogs', 'data-link': true }, t('Cancel')))),
      dog && deleteSection(dog)),
  };
}

const PRESCRIPTION = ['crateRestStart', 'crateRestWeeks', 'sessionsPerDay', 'bladderIntervalHours'];
const pick = (object, keys) => Object.fromEntries(keys.map((key) => [key, object[key]]));

// The fields in page order (the error summary lists problems in this order too).
function buildFields(routine, values, locked) {
  const rest = routine.crate_rest;
  const perDay = routine.sessions_per_day;
  const today = new Date();
  return {
    name: inputField({ id: 'dog-name', label: t("Your dog's name"), value: values.name,
      attrs: { type: 'text', autocomplete: 'off', required: true, autocapitalize: 'words' } }),
    legs: legsField(routine, values.legs),
    crateRestStart: inputField({ id: 'crate-rest-start', label: t('When did crate rest start?'), value: values.crateRestStart,
      locked: locked.includes('crateRestStart'),
      hints: [t('The day your vet started strict crate rest. It counts as day 1.')],
      attrs: { type: 'date', required: true, max: isoDate(today), min: isoDate(yearBefore(today)) } }),
    crateRestWeeks: inputField({ id: 'crate-rest-weeks', label: t('Length of crate rest, in weeks'), value: values.crateRestWeeks,
      locked: locked.includes('crateRestWeeks'),
      hints: [rest.note, sourcesOf(rest.references, routine)],
      attrs: { type: 'number', required: true, min: rest.min, max: rest.max, step: 1, inputmode: 'numeric' } }),
    sessionsPerDay: sessionsField(perDay, values.sessionsPerDay, locked.includes('sessionsPerDay'), sourcesOf(perDay.references, routine)),
    bladderMethod: bladderMethodField(routine.bladder, values.bladderMethod),
    bladderIntervalHours: inputField({ id: 'bladder-interval', label: t('Hours between emptyings, as your clinic told you'),
      value: values.bladderIntervalHours, locked: locked.includes('bladderIntervalHours'),
      // One hint of two sentences: the sources may be missing, then only the first.
      hints: [[t('Leave it empty until your clinic tells you.'), sourcesOf(routine.bladder.references, routine)].filter(Boolean).join(' ')],
      attrs: { type: 'number', min: BLADDER_HOURS.min, max: BLADDER_HOURS.max, step: 1, inputmode: 'numeric' } }),
    clinicName: inputField({ id: 'clinic-name', label: t("Your clinic's name (optional)"), value: values.clinicName,
      attrs: { type: 'text', autocomplete: 'off' } }),
    clinicPhone: inputField({ id: 'clinic-phone', label: t("Your clinic's phone number (optional)"), value: values.clinicPhone,
      hints: [t('Strongly advised: if the safety check stops a session, this number is shown on screen, even with no internet.')],
      // Not autocomplete="tel": that would offer the owner's own number.
      attrs: { type: 'tel', autocomplete: 'off', inputmode: 'tel' } }),
  };
}

function sourcesOf(ids = [], routine) {
  const citations = ids.map((id) => routine.references.find((ref) => ref.id === id)?.citation).filter(Boolean);
  return citations.length ? plural(citations.length, 'Source: {citations}', 'Sources: {citations}', { citations: citations.join(' ') }) : null;
}

// A labelled field: label, hints, a slot for its error message (shown between the hints and the
// control, where the eye goes next), and the control.
function inputField({ id, label, value, hints = [], attrs, locked = false }) {
  const control = h('input', { id, name: id, value: value ?? '', readonly: locked, ...attrs });
  return fieldAround(control, { id, label, hints, locked });
}

function sessionsField(perDay, value, locked, source) {
  const id = 'sessions-per-day';
  const options = [];
  for (let count = perDay.min; count <= perDay.max; count += 1) {
    options.push(h('option', { value: count, selected: count === value }, sessionsInWords(count)));
  }
  // A <select> cannot be read-only, so a clinic-set number is shown in a read-only input instead.
  const control = locked
    ? h('input', { id, name: id, type: 'text', readonly: true, value: sessionsInWords(value), 'data-value': value })
    : h('select', { id, name: id }, options);
  return fieldAround(control, { id, label: t('Sessions a day'), hints: [perDay.note, source], locked });
}

// How the dog empties its bladder: home's "Emptied now" screen starts from this answer.
function bladderMethodField(care, value) {
  const id = 'bladder-method';
  const control = h('select', { id, name: id },
    h('option', { value: '', selected: !value }, t('Not set yet')),
    care.methods.map((method) => h('option', { value: method.id, selected: method.id === value }, method.profile_label)));
  return fieldAround(control, { id, label: t('How does your dog empty its bladder?'), hints: [], locked: false });
}

function fieldAround(control, { id, label, hints, locked }) {
  const hintNodes = hints.filter(Boolean).map((text, index) => h('p', { class: 'hint', id: `${id}-hint-${index + 1}` }, text));
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const field = { control, error, focusTarget: control, invalidTargets: [control], describes: control,
    hintIds: hintNodes.map((node) => node.id) };
  field.node = h('div', { class: locked ? 'form-field locked' : 'form-field' },
    h('label', { for: id }, label, locked && h('span', { class: 'pill clinic-badge' }, t('Set by your clinic'))),
    hintNodes, error, control);
  setMessage(field, '');
  return field;
}

function legsField(routine, chosen = []) {
  const { legs } = routine;
  const boxes = legs.map((leg) => h('input', { type: 'checkbox', name: 'legs', value: leg.id, id: `leg-${leg.id}`,
    checked: chosen.includes(leg.id) }));
  const hint = h('p', { class: 'hint', id: 'legs-hint' },
    t('Tick each leg your dog cannot move. The exercises are for the back legs, and only those you tick.'));
  const error = h('p', { class: 'field-error', id: 'legs-error', hidden: true });
  // Present (empty) from the start: a live region added later is often not announced.
  const note = h('div', { class: 'legs-note', id: 'legs-note', 'aria-live': 'polite' });
  const ticked = () => boxes.filter((box) => box.checked).map((box) => box.value);
  const fieldset = h('fieldset', { class: 'form-field leg-field', onchange: () => showUncovered(note, routine, ticked()) },
    h('legend', {}, t('Which legs are paralysed?')),
    hint, error,
    h('div', { class: 'leg-choices' }, legs.map((leg, index) => h('label', { class: 'leg-choice', for: boxes[index].id },
      boxes[index], h('span', {}, leg.label)))),
    note);
  showUncovered(note, routine, chosen);
  // The group carries the description; each box carries aria-invalid, as a group cannot.
  const field = { node: fieldset, error, boxes, focusTarget: boxes[0], invalidTargets: boxes, describes: fieldset,
    hintIds: [hint.id] };
  setMessage(field, '');
  return field;
}

// Under the leg choices, as they change: what the routine says about a ticked leg it has no
// exercises for. Saving stays allowed: the profile records the truth, for the clinic.
function showUncovered(note, routine, ticked) {
  const uncovered = uncoveredLegs(routine, ticked);
  if (!uncovered.length) {
    note.replaceChildren();
    return;
  }
  const { title, text } = routine.legs_not_covered;
  note.replaceChildren(h('div', { class: 'warning' },
    h('p', {}, h('strong', {}, title)),
    h('p', {}, text),
    onlyUncovered(routine, ticked) && h('p', { id: 'legs-no-session' },
      t('With only these legs ticked, no session can start until your clinic gives you instructions. You can still save the profile.'))));
}

function readValues(fields) {
  const text = (field) => field.control.value.trim().replace(/\s+/g, ' ');
  const sessions = fields.sessionsPerDay.control;
  return {
    name: text(fields.name),
    legs: fields.legs.boxes.filter((box) => box.checked).map((box) => box.value),
    crateRestStart: fields.crateRestStart.control.value,
    crateRestWeeks: numberOrNull(fields.crateRestWeeks.control.value),
    sessionsPerDay: numberOrNull(sessions.dataset.value ?? sessions.value),
    clinicName: text(fields.clinicName),
    clinicPhone: text(fields.clinicPhone),
    bladderMethod: fields.bladderMethod.control.value,
    bladderIntervalHours: numberOrNull(fields.bladderIntervalHours.control.value),
  };
}

const numberOrNull = (raw) => (String(raw).trim() === '' ? null : Number(raw));

// Every problem with what was entered, in page order: [{key, message}]. Empty when it can be saved.
function findProblems(values, routine, locked, today = new Date()) {
  const rest = routine.crate_rest;
  const perDay = routine.sessions_per_day;
  const checks = {
    name: () => (!values.name ? t("Enter your dog's name.")
      : values.name.length > TEXT_MAX ? t('Keep the name to {max} characters or fewer.', { max: TEXT_MAX }) : ''),
    legs: () => (values.legs.length ? '' : t('Tick at least one leg that is paralysed.')),
    crateRestStart: () => dateProblem(values.crateRestStart, today),
    crateRestWeeks: () => (wholeIn(values.crateRestWeeks, rest.min, rest.max) ? ''
      : t('Enter a whole number of weeks from {min} to {max}.', { min: rest.min, max: rest.max })),
    sessionsPerDay: () => (wholeIn(values.sessionsPerDay, perDay.min, perDay.max) ? ''
      : t('Choose from {min} to {max} sessions a day.', { min: perDay.min, max: perDay.max })),
    clinicName: () => (values.clinicName.length > TEXT_MAX ? t("Keep the clinic's name to {max} characters or fewer.", { max: TEXT_MAX }) : ''),
    clinicPhone: () => phoneProblem(values.clinicPhone),
    bladderIntervalHours: () => (values.bladderIntervalHours === null
      || wholeIn(values.bladderIntervalHours, BLADDER_HOURS.min, BLADDER_HOURS.max) ? ''
      : t('Enter the hours your clinic gave you, as a whole number from {min} to {max}, or leave it empty.', BLADDER_HOURS)),
  };
  return Object.entries(checks)
    .filter(([key]) => !locked.includes(key)) // the clinic's values are not the owner's to fix
    .map(([key, check]) => ({ key, message: check() }))
    .filter((problem) => problem.message);
}

const wholeIn = (value, min, max) => Number.isInteger(value) && value >= min && value <= max;

function dateProblem(iso, today) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return t('Enter the date crate rest started.');
  // ISO dates compare correctly as strings.
  if (iso > isoDate(today)) return t('The start date cannot be in the future.');
  if (iso < isoDate(yearBefore(today))) return t('That is more than a year ago. Enter the date this crate rest started.');
  return '';
}

function phoneProblem(phone) {
  if (!phone) return ''; // optional
  if (!PHONE_CHARS.test(phone)) return t('Use only digits, spaces, +, - and brackets in the phone number.');
  const digits = phone.replace(/\D/g, '').length;
  if (digits < PHONE_DIGITS.min || digits > PHONE_DIGITS.max) {
    return t("Enter the clinic's full number: {min} to {max} digits.", PHONE_DIGITS);
  }
  return '';
}

function isoDate(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const yearBefore = (date) => new Date(date.getFullYear() - 1, date.getMonth(), date.getDate());

// Show each message next to its field, and all of them in a summary at the top that takes focus.
function showProblems(problems, fields, summarySlot) {
  const messages = new Map(problems.map(({ key, message }) => [key, message]));
  for (const [key, field] of Object.entries(fields)) setMessage(field, messages.get(key) || '');
  summarySlot.replaceChildren();
  if (!problems.length) return;
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': 'error-summary-title' },
    h('h2', { id: 'error-summary-title' },
      plural(problems.length, 'One thing to fix before saving', '{n} things to fix before saving')),
    h('ul', {}, problems.map(({ key, message }) => h('li', {},
      h('a', { href: `#${fields[key].focusTarget.id}`, onclick: (event) => focusField(event, fields[key]) }, message)))));
  summarySlot.append(summary);
  summary.scrollIntoView({ block: 'start' });
  summary.focus({ preventScroll: true });
}

function focusField(event, field) {
  // Not a real fragment navigation: that would go through history and redraw the view.
  event.preventDefault();
  field.node.scrollIntoView({ block: 'start' }); // with its label and message, not just the control
  field.focusTarget.focus({ preventScroll: true });
}

function setMessage(field, message) {
  field.error.textContent = message;
  field.error.hidden = !message;
  for (const target of field.invalidTargets) {
    if (message) target.setAttribute('aria-invalid', 'true');
    else target.removeAttribute('aria-invalid');
  }
  const describedBy = [...field.hintIds, message && field.error.id].filter(Boolean).join(' ');
  if (describedBy) field.describes.setAttribute('aria-describedby', describedBy);
  else field.describes.removeAttribute('aria-describedby');
}

function showSaveFailure(error, summarySlot) {
  console.warn('saving the dog:', error);
  summarySlot.replaceChildren(h('div', { class: 'error-summary', role: 'alert' },
    h('h2', {}, t('Could not save on this phone')),
    h('p', {}, t('Your phone refused to store it (it may be full, or in private browsing). Please try again.'))));
}

// ---------------------------------------------------------------------------------------------
// Deleting, with an in-page confirm step

function deleteSection(dog) {
  const slot = h('div', { class: 'dog-delete' });
  const startButton = h('button', { type: 'button', class: 'button secondary block', onclick: () => ask() }, t('Delete this dog'));

  function ask() {
    const question = h('h2', { id: 'delete-title', tabindex: '-1' }, t('Delete {name}?', { name: dog.name }));
    const panel = h('section', { class: 'card confirm-delete', 'aria-labelledby': 'delete-title' },
      question,
      h('p', {}, t('The profile is removed from this phone. Its session history on this phone is kept.')),
      h('div', { class: 'confirm-actions' },
        h('button', { type: 'button', class: 'button danger block', onclick: confirmDelete }, t('Yes, delete')),
        h('button', { type: 'button', class: 'button secondary block', onclick: keep }, t('No, keep'))));
    slot.replaceChildren(panel);
    panel.scrollIntoView({ block: 'center' }); // all of it, clear of the tab bar, not just its heading
    question.focus({ preventScroll: true });
  }

  function keep() {
    slot.replaceChildren(startButton);
    startButton.focus();
  }

  async function confirmDelete(event) {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await deleteDog(dog.id);
      navigate('/dogs');
    } catch (error) {
      console.warn('deleting the dog:', error);
      button.disabled = false;
    }
  }

  slot.append(startButton);
  return slot;
}
