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

const NEW_DOG = 'new';
const SHAPE = 'A clinic code has 8 letters and numbers, like K7MX 3QPD (there is no 0, 1, I, L or O in it). Check what you typed.';

export async function connectView({ code = '' } = {}) {
  const [routine, dogs, chosen] = await Promise.all([loadRoutine(), listDogs(), chosenDog()]);
  const input = h('input', { id: 'clinic-code', name: 'code', value: decodeURIComponent(code), autocomplete: 'off',
    autocapitalize: 'characters', spellcheck: 'false', maxlength: 20, 'aria-describedby': 'clinic-code-hint' });
  const error = h('p', { class: 'field-error', id: 'clinic-code-error', hidden: true });
  const alert = h('div', { role: 'alert', class: 'error-summary-slot' });
  const button = h('button', { type: 'submit', class: 'button block huge', id: 'connect' }, 'Connect');
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
    if (!normalized) return show(input.value.trim() ? SHAPE : 'Enter the code from your clinic.');
    show('');
    button.disabled = true;
    button.textContent = 'Connecting…';
    try {
      const dogId = choices ? new FormData(event.target).get('dog') : null;
      const result = await connect(normalized, dogId === NEW_DOG ? null : dogId, routine);
      if (result.error) return show(result.error.message);
      flush(); // the sessions already on this phone go now
      navigate(result.dog.legs?.length ? '/' : `/dogs/${result.dog.id}`); // no legs yet: the form asks
    } catch (failure) {
      show(failure instanceof OfflineError
        ? 'No connection. Connecting needs the internet once: try again when the phone is online.'
        : 'Something went wrong while connecting. Try again in a moment.');
    } finally {
      button.disabled = false;
      button.textContent = 'Connect';
    }
  }

  return {
    title: 'Connect to your clinic',
    node: h('div', {},
      h('h1', {}, 'Connect to your clinic'),
      h('p', {}, 'Your clinic gives you a code. Once connected, your sessions reach your vet by themselves, and the '
        + 'exercises follow what your vet prescribes.'),
      alert,
      h('form', { id: 'connect-form', novalidate: true, onsubmit: onSubmit },
        card(
          choices,
          h('div', { class: 'form-field' },
            h('label', { for: 'clinic-code' }, 'Code from your clinic'),
            h('p', { class: 'hint', id: 'clinic-code-hint' }, '8 letters and numbers. Spaces and dashes do not matter.'),
            error,
            input)),
        button),
      h('p', { class: 'hint' }, 'Connecting needs the internet once. After that the app works offline and sends '
        + 'sessions when it can.')),
  };
}

function dogChoice(dogs, chosen) {
  const option = (value, label, checked) => h('label', { class: 'choice-option' },
    h('input', { type: 'radio', name: 'dog', value, checked }), h('span', {}, label));
  return h('fieldset', { class: 'choice' },
    h('legend', {}, 'Which dog is this code for?'),
    h('div', { class: 'choice-row' },
      dogs.map((dog) => option(dog.id, dog.name, dog.id === chosen?.id)),
      option(NEW_DOG, 'Another dog (add it from the code)', false)));
}
