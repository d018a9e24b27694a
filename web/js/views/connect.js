// "Connect to your clinic": the code from the clinic links a dog on this phone to its patient
// record; from then on sessions go to the clinic and the clinic's prescription comes back.
// /join/<code> (the link or QR code the clinic gives) opens this page with the code filled in.
import { h, card } from '../dom.js';
import { loadRoutine } from '../api.js';
import { listDogs, chosenDog } from '../dogs.js';
import { connect, normalizeCode } from '../clinic-link.js';
import { OfflineError } from '../api.js';
import { navigate } from '../router.js';
import { flush } from '../sync.js';
import { t, plural, currentLanguage } from '../i18n.js';
import { BASE_LANGUAGE } from '../languages.js';

const NEW_DOG = 'new';
const shape = () => t('A clinic code has 8 letters and numbers, like K7MX 3QPD (there is no 0, 1, I, L or O in it). Check what you typed.');

// The server says no in English. In English its words are shown as they are (they carry details,
// like how long a code lasts); in another language, the app's words for each refusal it knows.
function refusal(error) {
  if (currentLanguage() === BASE_LANGUAGE) return error.message;
  const minutes = Math.ceil((error.details?.retry_after_seconds ?? 60) / 60);
  const words = {
    invite_not_found: () => t('This code is not one we know. Check it letter by letter. Ask your clinic for a new code.'),
    invite_used: () => t('This code has already been used to connect a phone. Ask your clinic for a new code.'),
    invite_cancelled: () => t('Your clinic cancelled this code. Ask your clinic for a new code.'),
    invite_expired: () => t('This code has expired. Ask your clinic for a new code.'),
    invalid_code: shape,
    too_many_attempts: () => plural(minutes, 'Too many tries. Wait a minute, then try again.',
      'Too many tries. Wait {n} minutes, then try again.'),
  }[error.code];
  return words ? words() : error.message;
}

export async function connectView({ code = '' } = {}) {
  const [routine, dogs, chosen] = await Promise.all([loadRoutine(), listDogs(), chosenDog()]);
  const input = h('input', { id: 'clinic-code', name: 'code', value: decodeURIComponent(code), autocomplete: 'off',
    autocapitalize: 'characters', spellcheck: 'false', maxlength: 20, 'aria-describedby': 'clinic-code-hint' });
  const error = h('p', { class: 'field-error', id: 'clinic-code-error', hidden: true });
  const alert = h('div', { role: 'alert', class: 'error-summary-slot' });
  const button = h('button', { type: 'submit', class: 'button block huge', id: 'connect' }, t('Connect'));
  const choices = dogs.length ? dogChoice(dogs, chosen) : null;

  function show(message) {
    error.textContent = message;
    error.hidden = !message;
    input.setAttribute('aria-describedby', message ? 'clinic-code-error clinic-code-hint' : 'clinic-code-hint');
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    alert.replaceChildren(...(message ? [h('p', {}, message)] : []));
    if (message) input.focus();
  }

  async function onSubmit(event) {
    event.preventDefault();
    const normalized = normalizeCode(input.value);
    if (!normalized) return show(input.value.trim() ? shape() : t('Enter the code from your clinic.'));
    show('');
    button.disabled = true;
    button.textContent = t('Connecting…');
    try {
      const dogId = choices ? new FormData(event.target).get('dog') : null;
      const result = await connect(normalized, dogId === NEW_DOG ? null : dogId, routine);
      if (result.error) return show(refusal(result.error));
      flush(); // the sessions already on this phone go now
      navigate(result.dog.legs?.length ? '/' : `/dogs/${result.dog.id}`); // no legs yet: the form asks
    } catch (failure) {
      show(failure instanceof OfflineError
        ? t('No connection. Connecting needs the internet once: try again when the phone is online.')
        : t('Something went wrong while connecting. Try again in a moment.'));
    } finally {
      button.disabled = false;
      button.textContent = t('Connect');
    }
  }

  return {
    title: t('Connect to your clinic'),
    node: h('div', {},
      h('h1', {}, t('Connect to your clinic')),
      h('p', {}, t('Your clinic gives you a code. Once connected, your sessions reach your vet by themselves, and the exercises follow what your vet prescribes.')),
      alert,
      h('form', { id: 'connect-form', novalidate: true, onsubmit: onSubmit },
        card(
          choices,
          h('div', { class: 'form-field' },
            h('label', { for: 'clinic-code' }, t('Code from your clinic')),
            h('p', { class: 'hint', id: 'clinic-code-hint' }, t('8 letters and numbers. Spaces and dashes do not matter.')),
            error,
            input)),
        button),
      h('p', { class: 'hint' }, t('Connecting needs the internet once. After that the app works offline and sends sessions when it can.'))),
  };
}

function dogChoice(dogs, chosen) {
  const option = (value, label, checked) => h('label', { class: 'choice-option' },
    h('input', { type: 'radio', name: 'dog', value, checked }), h('span', {}, label));
  return h('fieldset', { class: 'choice' },
    h('legend', {}, t('Which dog is this code for?')),
    h('div', { class: 'choice-row' },
      dogs.map((dog) => option(dog.id, dog.name, dog.id === chosen?.id)),
      option(NEW_DOG, t('Another dog (add it from the code)'), false)));
}
