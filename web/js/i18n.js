// The app's language. Every word the app shows or says is written in English and marked:
//   t('Saved.')   t('Hello {name}.', { name })   plural(count, '{n} rep', '{n} reps')
// The server finds the marks (app/web/catalogues.py) and serves each language's catalogue, from
// the English to its translation; English needs none. Call t() when a page is drawn, never at a
// module's top level: the catalogue is loaded before the first page, after the modules run.
// languages.js is made by the server at start-up (app/web/phone_languages.py).
import { LANGUAGES, CATALOGUES, BASE_LANGUAGE } from './languages.js';

const CHOICE_KEY = 'ivdd.language';
let language = chosenLanguage();
let texts = {};

// The owner's choice in Settings, else the first of the phone's languages the app has.
export function chosenLanguage() {
  const chosen = localStorage.getItem(CHOICE_KEY);
  if (chosen && Object.hasOwn(LANGUAGES, chosen)) return chosen; // not 'in': 'constructor' would be
  return phoneLanguage();
}

export function phoneLanguage() {
  const codes = Object.keys(LANGUAGES);
  for (const tag of navigator.languages?.length ? navigator.languages : [navigator.language]) {
    const wanted = String(tag || '').toLowerCase();
    const found = codes.find((code) => code.toLowerCase() === wanted)
      || codes.find((code) => code.toLowerCase() === wanted.split('-')[0]);
    if (found) return found;
  }
  return BASE_LANGUAGE;
}

export const currentLanguage = () => language;
export const languages = () => LANGUAGES; // { en: 'English', es: 'Español' }: each in its own words
export const catalogueUrl = (code) => CATALOGUES[code] ?? null;

// Load a language's catalogue (from the worker's cache offline) and make it the app's. Rejects,
// keeping the current language, when it cannot be had (offline, never downloaded).
export async function useLanguage(code) {
  let loaded = {};
  if (code !== BASE_LANGUAGE) {
    const response = await fetch(CATALOGUES[code]);
    if (!response.ok) throw new Error(`catalogue ${code}: HTTP ${response.status}`);
    loaded = await response.json();
  }
  language = code;
  texts = loaded;
  document.documentElement.lang = code;
  translateShell();
  window.dispatchEvent(new CustomEvent('ivdd:language', { detail: code }));
}

export function rememberLanguage(code) {
  if (code === phoneLanguage()) localStorage.removeItem(CHOICE_KEY); // follow the phone again
  else localStorage.setItem(CHOICE_KEY, code);
}

export function t(text, values) {
  const found = texts[text];
  return fill(typeof found === 'string' && found ? found : text, values);
}

// `one` and `other` in English; a catalogue gives the forms its language needs (CLDR categories).
export function plural(count, one, other, values) {
  const found = texts[other];
  const forms = found && typeof found === 'object' ? found : { one, other };
  const category = formatter(Intl.PluralRules).select(count);
  return fill(forms[category] || forms.other, { n: formatNumber(count), ...values });
}

function fill(text, values) {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// Dates, numbers and lists in the app's language as the phone writes it: an English app on a
// British phone says "3 November, 14:05", on an American one "November 3, 2:05 PM". Formatters
// are made once per language and options (the history makes hundreds of dates).
const formatters = new Map();

function formatter(Kind, options = {}) {
  const key = `${Kind.name} ${language} ${JSON.stringify(options)}`;
  if (!formatters.has(key)) {
    const phone = (navigator.languages || []).find((tag) => tag.toLowerCase().split('-')[0] === language);
    formatters.set(key, new Kind([phone, language].filter(Boolean), options));
  }
  return formatters.get(key);
}

export const formatNumber = (value, options) => formatter(Intl.NumberFormat, options).format(value);
export const formatDate = (date, options) => formatter(Intl.DateTimeFormat, options).format(date);
// "3 rounds, 2 legs and the hip": a list as the language joins it.
export const formatList = (items, type = 'conjunction') => formatter(Intl.ListFormat, { style: 'long', type }).format(items);

// The page's own words (index.html): elements marked `data-t` hold their English text, and
// `data-t-attrs="content aria-label"` names attributes to translate. The English is kept, to switch back.
function translateShell() {
  for (const element of document.querySelectorAll('[data-t]')) {
    element.dataset.english ??= element.textContent.trim();
    element.textContent = t(element.dataset.english);
  }
  for (const element of document.querySelectorAll('[data-t-attrs]')) {
    for (const attribute of element.dataset.tAttrs.split(' ')) {
      const english = `data-english-${attribute}`;
      if (!element.hasAttribute(english)) element.setAttribute(english, element.getAttribute(attribute) ?? '');
      element.setAttribute(attribute, t(element.getAttribute(english)));
    }
  }
  const manifest = document.querySelector('link[rel="manifest"]');
  if (manifest) manifest.href = language === BASE_LANGUAGE ? '/manifest.webmanifest' : `/manifest.${language}.webmanifest`;
}
