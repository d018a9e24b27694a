// The owner's preferences, kept on this phone.
const KEY = 'ivdd.settings';
export const DEFAULTS = Object.freeze({ voice: true, pacedSecondsPerRep: 3, keepAwake: true });

export function loadSettings() {
  try {
    return { ...DEFAULTS, ...JSON.parse(localStorage.getItem(KEY) || '{}') };
  } catch {
    return { ...DEFAULTS };
  }
}

export function saveSettings(changes) {
  const settings = { ...loadSettings(), ...changes };
  localStorage.setItem(KEY, JSON.stringify(settings));
  return settings;
}
