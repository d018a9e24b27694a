// The safety check before every session: one question at a time, two big answers. A blocking
// answer explains why in plain words and puts the clinic's number one tap away (a tel: link works
// offline). The blocked check is already saved in the log when this screen shows.
import { h, withLink } from '../dom.js';
import * as player from '../player.js';
import { navigate } from '../router.js';
import { dateOfKey } from '../logs.js';
import { answerLabels } from '../gate-plan.js';
import { t, formatDate } from '../i18n.js';

export function gateScreen({ session, act }) {
  const question = player.currentQuestion();
  const eyebrow = {
    eligibility: () => t('Before the first session today'),
    fact: () => t('About your dog today'),
    red_flag: () => t('Warning signs, every session'),
    graduation: () => t('One more question'),
  }[question.kind]?.();
  const labels = answerLabels(question);
  const first = !session.gate.answers.some((a) => !a.remembered);
  const remembered = session.gate.answers.filter((a) => a.remembered).length;
  return h('section', { class: 'gate' },
    h('p', { class: 'eyebrow' }, eyebrow),
    h('h1', { tabindex: -1, id: 'gate-question' }, question.question),
    h('div', { class: labels.yes.length + labels.no.length > 12 ? 'answer-row stacked' : 'answer-row' },
      h('button', { type: 'button', class: 'button huge answer', 'data-answer': 'yes', onclick: act(() => player.answer('yes')) }, labels.yes),
      h('button', { type: 'button', class: 'button huge answer', 'data-answer': 'no', onclick: act(() => player.answer('no')) }, labels.no)),
    h('p', { class: 'hint', id: 'gate-hint' }, first && remembered
      ? t('The once-a-day questions were answered earlier today. The warning signs are asked every time.')
      : first ? t('Your answers are kept in the log for your vet.') : t('Answer for how your dog is right now.')));
}

export function blockedScreen({ routine, dog, act }) {
  const { question, graduated } = player.blockedBy();
  const urgent = question.kind === 'red_flag';
  const title = urgent ? routine.red_flag_outcome.title : question.blocked_title;
  const parts = [
    h('h1', { tabindex: -1 }, title),
    h('p', { class: 'lead' }, question.blocked_message),
  ];
  if (urgent) parts.push(h('p', {}, routine.red_flag_outcome.text));
  if (graduated) {
    const g = routine.graduation;
    parts.push(h('section', { class: 'card good-news' }, h('h2', {}, g.yes_title), h('p', {}, g.yes_message)));
  }
  return h('section', { class: urgent ? 'blocked urgent' : 'blocked', role: urgent ? 'alert' : null },
    ...parts,
    callClinic(dog, urgent),
    h('p', { class: 'hint' }, t('This check is saved in your dog\'s log, so your clinic can see it.')),
    h('button', { type: 'button', class: 'button secondary block', id: 'blocked-done',
      onclick: act(async () => { await player.close(); navigate('/'); }) }, t('Back to today')));
}

// Before the day the clinic approved passive PT from, there is no session to start: rest only.
export function notYetApproved(dog, day) {
  const date = longDay(day);
  return clinicDecided('pt-not-yet', t('The exercises start on {date}', { date }),
    t('Your clinic has approved the passive exercises for {name} from {date}. Until then, keep to strict crate rest. If you think this is wrong, ask your clinic: the app follows what they set.',
      { name: dog.name, date }), dog);
}

// The clinic discharged the dog: no more sessions from the app; what was done stays here.
export function planClosed(dog, day) {
  return clinicDecided('plan-closed-today', t('Your clinic has closed the exercise plan'),
    t('Your clinic closed {name}\'s plan on {date}, so the app offers no more sessions. Ask your clinic before doing any more exercises. Your history stays on this phone.',
      { name: dog.name, date: longDay(day) }), dog);
}

function clinicDecided(id, title, text, dog) {
  return h('section', { class: 'warning', id }, h('h2', {}, title), h('p', {}, text), callClinic(dog, false));
}

const longDay = (day) => formatDate(dateOfKey(day), { weekday: 'long', day: 'numeric', month: 'long' });

// The clinic's number as a big tel: link, or where to add it.
export function callClinic(dog, prominent = true) {
  const phone = dog?.clinicPhone?.trim();
  if (!phone) {
    const link = h('a', { href: dog ? `/dogs/${dog.id}` : '/dogs/new', 'data-link': true }, t('Add it'));
    return h('p', { class: 'warning' },
      withLink(t('Your clinic\'s phone number is not in your dog\'s profile yet. {link} so it is here when you need it.'), link));
  }
  const clinic = dog.clinicName?.trim();
  return h('a', { class: `button block${prominent ? ' huge call' : ''}`, href: `tel:${phone.replace(/[^\d+]/g, '')}`, id: 'call-clinic' },
    clinic ? t('Call {clinic}: {phone}', { clinic, phone }) : t('Call your clinic: {phone}', { phone }));
}

